using System.Text.Json;
using IntellyHub.Activities.Http.Requests;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Activities.Http.Tests.SendHttpRequest;

/// <summary>What Elsa Studio's toolbox and property panel get for the two request activities.</summary>
public sealed class SendHttpRequestDescriptorTests : IDisposable
{
    private readonly HttpTestHost _host = new();
    private ActivityDescriptorProvider Descriptors => _host.Services.GetRequiredService<ActivityDescriptorProvider>();

    public void Dispose() => _host.Dispose();

    [Fact]
    public void The_toolbox_shows_both_in_the_HTTP_category()
    {
        var http = Descriptors.GetDescriptors().Where(d => d.Category == "HTTP").ToDictionary(d => d.TypeName);

        Assert.Equal("HTTP Request (flow)", http["Elsa.FlowSendHttpRequest"].DisplayName);
        Assert.Equal("HTTP Request", http["Elsa.SendHttpRequest"].DisplayName);
        Assert.All(http.Values, d => Assert.Equal(ActivityKind.Task, d.Kind));
        Assert.All(http.Values, d => Assert.True(d.IsBrowsable));
    }

    [Fact]
    public void The_inputs_have_their_editors_and_defaults()
    {
        var descriptor = Descriptors.Find("Elsa.FlowSendHttpRequest")!;
        var inputs = descriptor.Inputs.ToDictionary(i => i.Name);

        Assert.Equal(InputUIHints.SingleLine, inputs["Url"].UiHint);
        Assert.True(inputs["Url"].IsRequired);
        Assert.Equal(InputUIHints.Dropdown, inputs["Method"].UiHint);
        Assert.Equal("GET", inputs["Method"].DefaultValue);
        var methods = inputs["Method"].UiSpecifications!["dropdown"]!["selectList"]!["items"]!.AsArray().Select(i => (string?)i!["value"]);
        Assert.Equal(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"], methods);
        Assert.Equal(InputUIHints.MultiLine, inputs["Content"].UiHint);
        Assert.Equal(InputUIHints.Dropdown, inputs["ContentType"].UiHint);
        Assert.Equal(InputUIHints.SingleLine, inputs["Authorization"].UiHint);
        Assert.Equal("Security", inputs["Authorization"].Category);
        Assert.True(inputs["Authorization"].IsSensitive);
        Assert.Equal(InputUIHints.Checkbox, inputs["DisableAuthorizationHeaderValidation"].UiHint);
        Assert.Equal(InputUIHints.JsonEditor, inputs["RequestHeaders"].UiHint);
        Assert.True(inputs["RequestHeaders"].IsSensitive);
        Assert.Equal(InputUIHints.MultiText, inputs["ExpectedStatusCodes"].UiHint);
        Assert.Equal("[200]", JsonSerializer.Serialize(inputs["ExpectedStatusCodes"].DefaultValue));

        foreach (var name in new[] { "RequestTimeout", "TotalTimeout", "MaxRetryAttempts", "RetryBackoff", "RetryDelay", "MaxRetryDelay", "UseJitter" })
            Assert.Equal(SendHttpRequestBase.ResilienceCategory, inputs[name].Category);
        Assert.Equal("00:01:40", inputs["RequestTimeout"].DefaultValue);
        Assert.Equal(0, inputs["MaxRetryAttempts"].DefaultValue);
        Assert.Equal(InputUIHints.Dropdown, inputs["RetryBackoff"].UiHint);
        Assert.Equal("Exponential", inputs["RetryBackoff"].DefaultValue);
        Assert.Equal("00:00:01", inputs["RetryDelay"].DefaultValue);
        Assert.Equal(InputUIHints.Checkbox, inputs["UseJitter"].UiHint);

        var order = descriptor.Inputs.OrderBy(i => i.Order).Select(i => i.Name).Take(8);
        Assert.Equal(["Url", "Method", "Content", "ContentType", "Authorization", "DisableAuthorizationHeaderValidation", "RequestHeaders", "ExpectedStatusCodes"], order);
        Assert.Equal(["Error", "ParsedContent", "ResponseHeaders", "StatusCode"], descriptor.Outputs.Select(o => o.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_flow_activity_has_Elsas_outcome_ports()
    {
        var ports = Descriptors.Find("Elsa.FlowSendHttpRequest")!.Ports;

        Assert.Equal(["Unmatched status code", "Failed to connect", "Timeout", "Done"], ports.Select(p => p.Name));
        Assert.All(ports, p => Assert.Equal("Flow", p.Type));
    }

    [Fact]
    public void The_embedded_activity_has_status_code_cases_and_embedded_ports()
    {
        var descriptor = Descriptors.Find("Elsa.SendHttpRequest")!;

        Assert.Equal(InputUIHints.HttpStatusCodes, descriptor.Inputs.Single(i => i.Name == "ExpectedStatusCodes").UiHint);
        Assert.Equal(["Done", "UnmatchedStatusCode", "FailedToConnect", "Timeout"], descriptor.Ports.Select(p => p.Name));
        Assert.Equal(["Flow", "Embedded", "Embedded", "Embedded"], descriptor.Ports.Select(p => p.Type));
    }
}
