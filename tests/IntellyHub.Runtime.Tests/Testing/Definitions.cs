namespace IntellyHub.Runtime.Tests.Testing;

/// <summary>Elsa 3 definition JSON used by the runtime tests.</summary>
public static class Definitions
{
    /// <summary>A flowchart running the given activities (JSON objects) one after another.</summary>
    public static string Chain(string definitionId, params string[] activities)
    {
        var connections = new List<string>();
        for (var i = 0; i < activities.Length - 1; i++)
            connections.Add($$"""{ "source": { "activity": "a{{i}}", "port": "Done" }, "target": { "activity": "a{{i + 1}}", "port": "In" } }""");
        var nodes = activities.Select((a, i) => a.Replace("\"id\": \"?\"", $"\"id\": \"a{i}\"", StringComparison.Ordinal));
        return $$"""
        {
          "definitionId": "{{definitionId}}", "name": "{{definitionId}}",
          "variables": [ { "id": "v-result", "name": "Result", "typeName": "Object" } ],
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1",
            "activities": [ {{string.Join(",", nodes)}} ],
            "connections": [ {{string.Join(",", connections)}} ] }
        }
        """;
    }

    public static string Start => """{ "type": "Elsa.Start", "version": 1, "id": "?" }""";

    public static string WriteLine(string text) =>
        $$"""{ "type": "Elsa.WriteLine", "version": 1, "id": "?", "text": { "typeName": "String", "expression": { "type": "Literal", "value": "{{text}}" } } }""";

    public static string Event(string name, bool canStartWorkflow = false) =>
        $$"""{ "type": "Elsa.Event", "version": 1, "id": "?", "customProperties": { "canStartWorkflow": {{(canStartWorkflow ? "true" : "false")}} }, "eventName": { "typeName": "String", "expression": { "type": "Literal", "value": "{{name}}" } }, "result": { "typeName": "Object", "memoryReference": { "id": "v-result" } } }""";

    public static string Delay(string timeSpan) =>
        $$"""{ "type": "Elsa.Delay", "version": 1, "id": "?", "timeSpan": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "{{timeSpan}}" } } }""";

    public static string Cron(string expression, string misfirePolicy = "RunOnce") =>
        $$"""{ "type": "Elsa.Cron", "version": 1, "id": "?", "cronExpression": { "typeName": "String", "expression": { "type": "Literal", "value": "{{expression}}" } }, "misfirePolicy": { "typeName": "String", "expression": { "type": "Literal", "value": "{{misfirePolicy}}" } } }""";

    public static string Timer(string interval) =>
        $$"""{ "type": "Elsa.Timer", "version": 1, "id": "?", "interval": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "{{interval}}" } } }""";

    public static string StartAt(DateTimeOffset moment) =>
        $$"""{ "type": "Elsa.StartAt", "version": 1, "id": "?", "dateTime": { "typeName": "DateTimeOffset", "expression": { "type": "Literal", "value": "{{moment.UtcDateTime:O}}" } } }""";

    public static string Fault(string message) =>
        $$"""{ "type": "Elsa.Fault", "version": 1, "id": "?", "message": { "typeName": "String", "expression": { "type": "Literal", "value": "{{message}}" } } }""";

    public static string SetOutput(string name, string javaScript) =>
        $$"""{ "type": "Elsa.SetOutput", "version": 1, "id": "?", "outputName": { "typeName": "String", "expression": { "type": "Literal", "value": "{{name}}" } }, "outputValue": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "{{javaScript}}" } } }""";
}
