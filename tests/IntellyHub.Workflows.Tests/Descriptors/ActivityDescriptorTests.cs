using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Descriptors;
using IntellyHub.Workflows.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Workflows.Tests.Descriptors;

public sealed class ActivityDescriptorTests
{
    private static readonly JsonSerializerOptions StudioJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The UI hints Studio 3.8 has editors for (contract §5.1).</summary>
    private static readonly HashSet<string> StudioHints =
    [
        "singleline", "multiline", "checkbox", "checklist", "dropdown", "radiolist", "code-editor", "json-editor",
        "expression-editor", "datetime-picker", "dictionary", "multitext", "type-picker", "variable-picker",
        "input-picker", "output-picker", "outcome-picker", "dynamic-outcomes", "flow-switch-editor", "switch-editor",
        "http-status-codes", "workflow-definition-picker", "secret-picker",
    ];

    private static readonly string[] BuiltInTypes =
    [
        "Elsa.Start", "Elsa.End", "Elsa.WriteLine", "Elsa.SetVariable", "Elsa.SetOutput", "Elsa.If", "Elsa.FlowDecision",
        "Elsa.Switch", "Elsa.FlowSwitch", "Elsa.ForEach", "Elsa.For", "Elsa.While", "Elsa.Break", "Elsa.Fork", "Elsa.FlowFork",
        "Elsa.FlowJoin", "Elsa.Parallel", "Elsa.Sequence", "Elsa.Flowchart", "Elsa.Workflow", "Elsa.Delay", "Elsa.Event",
        "Elsa.Correlate", "Elsa.Fault", "Elsa.Finish", "Elsa.RunJavaScript", "Elsa.ExecuteWorkflow",
    ];

    private static JsonArray AllDescriptors(Action<IntellyHub.Workflows.Registration.IntellyHubBuilder>? configure = null)
    {
        using var host = new WorkflowTestHost(configure);
        var provider = host.Services.GetRequiredService<ActivityDescriptorProvider>();
        return JsonSerializer.SerializeToNode(provider.GetDescriptors(), StudioJson)!.AsArray();
    }

    private static JsonObject Descriptor(string typeName, Action<IntellyHub.Workflows.Registration.IntellyHubBuilder>? configure = null) =>
        AllDescriptors(configure).Single(d => (string)d!["typeName"]! == typeName)!.AsObject();

    private static JsonObject Input(JsonObject descriptor, string name) =>
        descriptor["inputs"]!.AsArray().Single(i => (string)i!["name"]! == name)!.AsObject();

    private static List<(string Name, string Type)> Ports(JsonObject descriptor) =>
        descriptor["ports"]!.AsArray().Select(p => ((string)p!["name"]!, (string)p["type"]!)).ToList();

    [Fact]
    public void EveryBuiltInType_HasADescriptor()
    {
        var typeNames = AllDescriptors().Select(d => (string)d!["typeName"]!).ToHashSet();

        Assert.All(BuiltInTypes, t => Assert.Contains(t, typeNames));
    }

    [Fact]
    public void EveryDescriptor_HasTheStudioFields()
    {
        foreach (var node in AllDescriptors())
        {
            var descriptor = node!.AsObject();
            var typeName = (string)descriptor["typeName"]!;
            foreach (var field in (string[])["namespace", "name", "category", "displayName", "kind"])
                Assert.False(string.IsNullOrWhiteSpace((string?)descriptor[field]), $"{typeName}.{field}");
            Assert.Equal(typeName, $"{descriptor["namespace"]}.{descriptor["name"]}");
            Assert.True((int)descriptor["version"]! >= 1, typeName);
            Assert.Contains((string)descriptor["kind"]!, (string[])["Action", "Trigger", "Task", "Job"]);
            foreach (var flag in (string[])["isBrowsable", "isContainer", "isStart", "isTerminal"])
                Assert.True(descriptor[flag]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False, $"{typeName}.{flag}");
            Assert.IsType<JsonArray>(descriptor["inputs"]);
            Assert.IsType<JsonArray>(descriptor["outputs"]);
            Assert.IsType<JsonArray>(descriptor["ports"]);
            Assert.IsType<JsonObject>(descriptor["customProperties"]);
            Assert.IsType<JsonObject>(descriptor["constructionProperties"]);
        }
    }

    [Fact]
    public void EveryInput_UsesAHintStudioKnows_AndHasTheStudioFields()
    {
        foreach (var node in AllDescriptors(b => b.AddActivitiesFrom<SendNotification>()))
        {
            var typeName = (string)node!["typeName"]!;
            foreach (var input in node["inputs"]!.AsArray())
            {
                var where = $"{typeName}.{input!["name"]}";
                Assert.True(StudioHints.Contains((string)input["uiHint"]!), $"{where} uses unknown hint '{input["uiHint"]}'");
                Assert.False(string.IsNullOrWhiteSpace((string?)input["typeName"]), where);
                Assert.DoesNotContain("`", (string)input["typeName"]!, StringComparison.Ordinal);
                Assert.False(string.IsNullOrWhiteSpace((string?)input["displayName"]), where);
                Assert.True(input["isBrowsable"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False, where);
                Assert.NotNull(input["isWrapped"]);
                Assert.NotNull(input["order"]);
            }

            foreach (var output in node["outputs"]!.AsArray())
            {
                Assert.False(string.IsNullOrWhiteSpace((string?)output!["typeName"]), $"{typeName}.{output["name"]}");
                Assert.False(string.IsNullOrWhiteSpace((string?)output["displayName"]), $"{typeName}.{output["name"]}");
            }
        }
    }

    [Fact]
    public void TypeNameAndVersion_AreUnique()
    {
        var keys = AllDescriptors(b => b.AddActivitiesFrom<SendNotification>()).Select(d => $"{d!["typeName"]}@{d["version"]}").ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void WriteLine_MatchesStudioShape()
    {
        var descriptor = Descriptor("Elsa.WriteLine");

        Assert.Equal("Elsa", (string)descriptor["namespace"]!);
        Assert.Equal("WriteLine", (string)descriptor["name"]!);
        Assert.Equal(1, (int)descriptor["version"]!);
        Assert.Equal("Console", (string)descriptor["category"]!);
        Assert.Equal("Write Line", (string)descriptor["displayName"]!);
        Assert.Equal("Action", (string)descriptor["kind"]!);
        Assert.True((bool)descriptor["isBrowsable"]!);
        var text = Input(descriptor, "Text");
        Assert.Equal("String", (string)text["typeName"]!);
        Assert.Equal("singleline", (string)text["uiHint"]!);
        Assert.True((bool)text["isWrapped"]!);
        Assert.Equal("Literal", (string)text["defaultSyntax"]!);
        Assert.Equal([("Done", "Flow")], Ports(descriptor));
    }

    [Fact]
    public void For_HasDefaults()
    {
        var descriptor = Descriptor("Elsa.For");

        Assert.Equal(1, (int)Input(descriptor, "Step")["defaultValue"]!);
        Assert.Equal(0, (int)Input(descriptor, "Start")["defaultValue"]!);
        Assert.True((bool)Input(descriptor, "OuterBoundInclusive")["defaultValue"]!);
        Assert.Equal("checkbox", (string)Input(descriptor, "OuterBoundInclusive")["uiHint"]!);
        Assert.Equal("Int32", (string)Input(descriptor, "Step")["typeName"]!);
        Assert.Contains(("Body", "Embedded"), Ports(descriptor));
    }

    [Fact]
    public void Delay_HasDefaultTimeSpan()
    {
        var input = Input(Descriptor("Elsa.Delay"), "TimeSpan");

        Assert.Equal("00:01:00", (string)input["defaultValue"]!);
        Assert.Equal("TimeSpan", (string)input["typeName"]!);
    }

    [Fact]
    public void FlowDecision_HasTrueAndFalseFlowPorts()
    {
        var descriptor = Descriptor("Elsa.FlowDecision");

        Assert.Equal([("True", "Flow"), ("False", "Flow")], Ports(descriptor));
        Assert.Equal("Decision", (string)descriptor["displayName"]!);
        Assert.Equal("Boolean", (string)Input(descriptor, "Condition")["typeName"]!);
    }

    [Fact]
    public void If_HasEmbeddedThenAndElse()
    {
        var ports = Ports(Descriptor("Elsa.If"));

        Assert.Contains(("Then", "Embedded"), ports);
        Assert.Contains(("Else", "Embedded"), ports);
    }

    [Theory]
    [InlineData("Elsa.End")]
    [InlineData("Elsa.Break")]
    [InlineData("Elsa.Finish")]
    [InlineData("Elsa.Fault")]
    public void TerminalActivities_HaveNoFlowPorts(string typeName)
    {
        var descriptor = Descriptor(typeName);

        Assert.True((bool)descriptor["isTerminal"]!);
        Assert.DoesNotContain(Ports(descriptor), p => p.Type == "Flow");
    }

    [Fact]
    public void Start_IsStart()
    {
        var descriptor = Descriptor("Elsa.Start");

        Assert.True((bool)descriptor["isStart"]!);
        Assert.Equal("Flow", (string)descriptor["category"]!);
    }

    [Fact]
    public void Containers_AreHiddenContainers()
    {
        foreach (var typeName in (string[])["Elsa.Flowchart", "Elsa.Sequence", "Elsa.Workflow"])
        {
            var descriptor = Descriptor(typeName);
            Assert.True((bool)descriptor["isContainer"]!, typeName);
            Assert.False((bool)descriptor["isBrowsable"]!, typeName);
        }
    }

    [Fact]
    public void Kinds_FollowElsa()
    {
        Assert.Equal("Trigger", (string)Descriptor("Elsa.Event")["kind"]!);
        Assert.Equal("Task", (string)Descriptor("Elsa.ExecuteWorkflow")["kind"]!);
        Assert.Equal("Action", (string)Descriptor("Elsa.Delay")["kind"]!);
    }

    [Fact]
    public void FlowSwitch_ModeDropdown_AndCasesEditor()
    {
        var descriptor = Descriptor("Elsa.FlowSwitch");

        var mode = Input(descriptor, "Mode");
        Assert.Equal("dropdown", (string)mode["uiHint"]!);
        Assert.Equal("MatchFirst", (string)mode["defaultValue"]!);
        var items = mode["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray();
        Assert.Equal(["MatchFirst", "MatchAny"], items.Select(i => (string)i!["value"]!));
        Assert.Equal(["Match First", "Match Any"], items.Select(i => (string)i!["text"]!));
        Assert.False((bool)mode["uiSpecifications"]!["dropdown"]!["selectList"]!["isFlagsEnum"]!);
        var cases = Input(descriptor, "Cases");
        Assert.Equal("flow-switch-editor", (string)cases["uiHint"]!);
        Assert.False((bool)cases["isWrapped"]!);
        Assert.Contains(("Default", "Flow"), Ports(descriptor));
    }

    [Fact]
    public void SetVariable_VariableIsAVariablePicker()
    {
        var input = Input(Descriptor("Elsa.SetVariable"), "Variable");

        Assert.Equal("variable-picker", (string)input["uiHint"]!);
        Assert.False((bool)input["isWrapped"]!);
        Assert.True((bool)input["isRequired"]!);
    }

    [Fact]
    public void RunJavaScript_ScriptUsesCodeEditor()
    {
        var descriptor = Descriptor("Elsa.RunJavaScript");

        Assert.Equal("Run JavaScript", (string)descriptor["displayName"]!);
        Assert.Equal("code-editor", (string)Input(descriptor, "Script")["uiHint"]!);
        Assert.Equal("JavaScript", (string)Input(descriptor, "Script")["defaultSyntax"]!);
        Assert.Equal("dynamic-outcomes", (string)Input(descriptor, "PossibleOutcomes")["uiHint"]!);
        Assert.Equal("Object", (string)descriptor["outputs"]![0]!["typeName"]!);
    }

    [Fact]
    public void CustomActivity_FromTestAssembly_AppearsWithInputsOutputsAndPorts()
    {
        var descriptor = Descriptor("IntellyHub.Test.Descriptors.SendNotification", b => b.AddActivitiesFrom<SendNotification>());

        Assert.Equal("IntellyHub.Test.Descriptors", (string)descriptor["namespace"]!);
        Assert.Equal("SendNotification", (string)descriptor["name"]!);
        Assert.Equal(2, (int)descriptor["version"]!);
        Assert.Equal("IntellyHub", (string)descriptor["category"]!);
        Assert.Equal("Send Notification", (string)descriptor["displayName"]!);
        Assert.Equal("Sends a notification through IntellyHub.", (string)descriptor["description"]!);
        Assert.Equal(
            ["Recipient", "Priority", "RetryCount", "Token", "Silent", "SendAt", "Headers", "Tags", "Fallback", "Limit"],
            descriptor["inputs"]!.AsArray().Select(i => (string)i!["name"]!));

        var recipient = Input(descriptor, "Recipient");
        Assert.Equal("singleline", (string)recipient["uiHint"]!);
        Assert.True((bool)recipient["isRequired"]!);
        Assert.Equal("Who receives it.", (string)recipient["description"]!);

        var priority = Input(descriptor, "Priority");
        Assert.Equal("dropdown", (string)priority["uiHint"]!);
        Assert.Equal("Normal", (string)priority["defaultValue"]!);
        Assert.Equal(["Low", "Normal", "VeryHigh"], priority["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray().Select(i => (string)i!["value"]!));

        var retry = Input(descriptor, "RetryCount");
        Assert.Equal("Retry count", (string)retry["displayName"]!);
        Assert.Equal(5, (int)retry["order"]!);
        Assert.Equal(3, (int)retry["defaultValue"]!);

        Assert.True((bool)Input(descriptor, "Token")["isSensitive"]!);
        Assert.Equal("checkbox", (string)Input(descriptor, "Silent")["uiHint"]!);
        Assert.Equal("datetime-picker", (string)Input(descriptor, "SendAt")["uiHint"]!);
        Assert.Equal("json-editor", (string)Input(descriptor, "Headers")["uiHint"]!);
        Assert.Equal("multitext", (string)Input(descriptor, "Tags")["uiHint"]!);
        Assert.Equal("singleline", (string)Input(descriptor, "Limit")["uiHint"]!);
        Assert.Equal("Int32", (string)Input(descriptor, "Limit")["typeName"]!);
        var fallback = Input(descriptor, "Fallback");
        Assert.Equal("dropdown", (string)fallback["uiHint"]!);
        Assert.Equal(3, fallback["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray().Count);

        var output = Assert.Single(descriptor["outputs"]!.AsArray())!;
        Assert.Equal("MessageId", (string)output["name"]!);
        Assert.Equal("String", (string)output["typeName"]!);
        Assert.Equal([("Done", "Flow"), ("Failed", "Flow")], Ports(descriptor));
    }

    [Fact]
    public void CustomActivity_WithoutRegistration_IsAbsent()
    {
        Assert.DoesNotContain(AllDescriptors(), d => ((string)d!["typeName"]!).StartsWith("IntellyHub.Test.", StringComparison.Ordinal));
    }

    [Fact]
    public void Placeholder_ForUnknownType_IsHiddenAndHasDonePort()
    {
        var node = JsonSerializer.SerializeToNode(ActivityDescriptorProvider.CreatePlaceholder("Acme.SendFax", 4), StudioJson)!.AsObject();

        Assert.Equal("Acme.SendFax", (string)node["typeName"]!);
        Assert.Equal(4, (int)node["version"]!);
        Assert.Equal("Acme", (string)node["namespace"]!);
        Assert.False((bool)node["isBrowsable"]!);
        Assert.Equal([("Done", "Flow")], Ports(node));
    }

    [Fact]
    public void Find_ByTypeName()
    {
        using var host = new WorkflowTestHost();
        var provider = host.Services.GetRequiredService<ActivityDescriptorProvider>();

        Assert.Equal("Elsa.If", provider.Find("Elsa.If")!.TypeName);
        Assert.Null(provider.Find("Acme.Nothing"));
        Assert.Equal(ActivityKind.Action, provider.Find("Elsa.If", 1)!.Kind);
    }
}
