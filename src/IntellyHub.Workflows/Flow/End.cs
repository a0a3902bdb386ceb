using IntellyHub.Workflows.Activities;

namespace IntellyHub.Workflows.Flow;

/// <summary>Ends the flowchart it is in: any other branch still running there is cancelled.</summary>
[Activity("Elsa.End", Category = "Flow", Description = "Ends the flowchart; other branches still running in it are cancelled.")]
public sealed class End : CodeActivity, ITerminalNode;
