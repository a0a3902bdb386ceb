using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Execution;
using Microsoft.Extensions.Time.Testing;

namespace IntellyHub.Runtime.Tests.Testing;

/// <summary>A step that takes <see cref="Duration"/> on the host's fake clock: it moves the clock on by that much.</summary>
[Activity(TypeName, Category = "Tests", Description = "Moves the fake clock on.")]
public sealed class SlowStep : CodeActivity
{
    public const string TypeName = "Test.SlowStep";

    [Input(Description = "How long the step takes.")]
    public Input<TimeSpan> Duration { get; set; } = new(TimeSpan.Zero);

    protected override void Run(ActivityExecutionContext context) =>
        ((FakeTimeProvider)context.GetRequiredService<TimeProvider>()).Advance(context.Get(Duration));

    /// <summary>The step in a definition's JSON (see <see cref="Definitions.Chain"/>).</summary>
    public static string Json(string duration) =>
        $$"""{ "type": "{{TypeName}}", "version": 1, "id": "?", "duration": { "typeName": "TimeSpan", "expression": { "type": "Literal", "value": "{{duration}}" } } }""";
}
