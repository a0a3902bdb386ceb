namespace IntellyHub.Activities.Kubernetes.Tests.Testing;

/// <summary>Elsa JSON of an <c>IntellyHub.RunKubernetesJob</c> activity with id <c>job</c>.</summary>
public static class JobActivityJson
{
    /// <summary>The activity with the given literal inputs (name → value; arrays and maps as JSON text).</summary>
    public static string With(params (string Name, string TypeName, string Value)[] inputs)
    {
        var properties = inputs.Select(i =>
            $"\"{char.ToLowerInvariant(i.Name[0])}{i.Name[1..]}\": {{ \"typeName\": \"{i.TypeName}\", \"expression\": {{ \"type\": \"Literal\", \"value\": {System.Text.Json.JsonSerializer.Serialize(i.Value)} }} }}");
        return $$"""{ "type": "IntellyHub.RunKubernetesJob", "version": 1, "id": "job", {{string.Join(", ", properties)}} }""";
    }

    /// <summary>busybox running a shell command.</summary>
    public static string Shell(string script, params (string Name, string TypeName, string Value)[] more) =>
        With([("Image", "String", "busybox:1.36"), ("Command", "List<String>", "[\"sh\",\"-c\"]"), ("Args", "List<String>", System.Text.Json.JsonSerializer.Serialize(new[] { script })), .. more]);
}
