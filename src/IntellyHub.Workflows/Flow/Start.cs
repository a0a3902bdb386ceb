using IntellyHub.Workflows.Activities;

namespace IntellyHub.Workflows.Flow;

/// <summary>Marks where a flowchart begins.</summary>
[Activity("Elsa.Start", Category = "Flow", Description = "The starting point of the flowchart.")]
public sealed class Start : CodeActivity, IStartNode;
