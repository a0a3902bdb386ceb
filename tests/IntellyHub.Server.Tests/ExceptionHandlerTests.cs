using System.Text.Json;
using IntellyHub.Runtime.Instances;
using IntellyHub.Server.Tests.Testing;
using IntellyHub.Workflows.Serialization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Server.Tests;

/// <summary>Exceptions become ProblemDetails with the status they mean, and never carry a stack trace.</summary>
public sealed class ExceptionHandlerTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ServerFactory _server;

    public ExceptionHandlerTests()
    {
        _server = ServerFactory.Sqlite(_folder.Path);
        _server.ServerErrorsExpected = true;
    }

    public void Dispose()
    {
        _server.Dispose();
        _folder.Dispose();
    }

    public static TheoryData<Exception, int> Cases => new()
    {
        { new WorkflowNotFoundException("No published version of 'orders'."), 404 },
        { new WorkflowDefinitionException([new WorkflowProblem("json", "Unexpected end of input.")]), 400 },
        { new JsonException("'}' is invalid after a value."), 400 },
        { new BadHttpRequestException("Request body too large.", 413), 413 },
        { new InvalidOperationException("secret internals"), 500 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Exception_ProblemDetailsWithStatus_NoStackTrace(Exception exception, int status)
    {
        using var server = _server.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new ThrowingEndpoint(exception))));

        var response = await server.CreateClient().GetAsync(ThrowingEndpoint.Path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ThrowingEndpoint), body, StringComparison.Ordinal);
        Assert.DoesNotContain("exception", body, StringComparison.OrdinalIgnoreCase);
        if (status < 500) Assert.Equal(exception.Message, problem.GetProperty("detail").GetString());
        else Assert.DoesNotContain(exception.Message, body, StringComparison.Ordinal);
    }
}
