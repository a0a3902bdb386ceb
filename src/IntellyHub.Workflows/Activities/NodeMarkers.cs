namespace IntellyHub.Workflows.Activities;

/// <summary>A flowchart entry point: the designer draws no inbound port.</summary>
public interface IStartNode;

/// <summary>A flowchart end point: the designer draws no outbound port.</summary>
public interface ITerminalNode;

/// <summary>A flowchart node that merges inbound tokens instead of running once per token.</summary>
public interface IJoinNode;

/// <summary>An activity whose children are scheduled and completed by it (flowchart, sequence…).</summary>
public interface IContainerActivity;
