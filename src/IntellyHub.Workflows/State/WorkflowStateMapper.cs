using IntellyHub.Workflows.Execution;

namespace IntellyHub.Workflows.State;

/// <summary>Copies a running workflow into a <see cref="WorkflowState"/> and back.</summary>
internal static class WorkflowStateMapper
{
    public static WorkflowState Snapshot(WorkflowExecutionContext context)
    {
        var workflow = context.Workflow;
        var state = new WorkflowState
        {
            Id = context.InstanceId,
            DefinitionId = workflow.DefinitionId,
            DefinitionVersionId = workflow.DefinitionVersionId,
            DefinitionVersion = workflow.DefinitionVersion,
            CorrelationId = context.CorrelationId,
            Status = context.Status,
            SubStatus = context.SubStatus,
            Bookmarks = [.. context.Bookmarks],
            Incidents = [.. context.Incidents],
            Variables = new Dictionary<string, object?>(context.VariableValues),
            LastResult = context.LastResult,
            Input = new Dictionary<string, object?>(context.Input),
            Output = new Dictionary<string, object?>(context.Output),
            Properties = new Dictionary<string, object?>(context.Properties),
            TriggerActivityId = context.TriggerActivityId,
            TriggerConsumed = context.TriggerConsumed,
            JournalSequence = context.JournalSequence,
            CreatedAt = context.CreatedAt,
            UpdatedAt = context.UpdatedAt,
            FinishedAt = context.FinishedAt,
        };

        foreach (var (activityId, outputs) in context.ActivityOutputs)
            state.ActivityOutputs[activityId] = new Dictionary<string, object?>(outputs);

        if (context.Status == WorkflowStatus.Finished && context.SubStatus != WorkflowSubStatus.Faulted) return state;

        foreach (var active in context.ActiveContexts)
            state.ActivityExecutionContexts.Add(ToState(active));
        foreach (var scheduled in context.ScheduledWork)
            state.ScheduledActivityInstanceIds.Add(scheduled.Id);
        return state;
    }

    private static ActivityExecutionContextState ToState(ActivityExecutionContext context)
    {
        var state = new ActivityExecutionContextState
        {
            Id = context.Id,
            ParentContextId = context.Parent?.Id,
            ScheduledActivityNodeId = context.Activity.NodeId,
            Status = context.Status,
            StartedAt = context.StartedAt,
            CompletionCallbackMethodName = context.CompletionCallback?.Method.Name,
            Properties = context.HasProperties ? new Dictionary<string, object?>(context.Properties) : [],
        };

        if (context.EvaluatedInputs is { } values)
        {
            state.ActivityState = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var input in context.Activity.TypeInfo.Inputs)
                if (input.AutoEvaluate) state.ActivityState[input.Name] = values[input.Index];
        }

        return state;
    }

    public static void Restore(WorkflowExecutionContext context, WorkflowState state)
    {
        context.CorrelationId = state.CorrelationId;
        context.Status = state.Status;
        context.SubStatus = state.SubStatus;
        context.CreatedAt = state.CreatedAt;
        context.UpdatedAt = state.UpdatedAt;
        context.FinishedAt = state.FinishedAt;
        context.Input = new Dictionary<string, object?>(state.Input.ToDictionary(p => p.Key, p => ValueConverter.ToPlain(p.Value)), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in state.Output) context.Output[key] = ValueConverter.ToPlain(value);
        foreach (var (key, value) in state.Properties) context.Properties[key] = ValueConverter.ToPlain(value);
        context.TriggerActivityId = state.TriggerActivityId;
        context.TriggerConsumed = state.TriggerConsumed;
        context.JournalSequence = state.JournalSequence;
        context.RestoreLastResult(ValueConverter.ToPlain(state.LastResult));

        context.InitializeVariables();
        foreach (var (id, value) in state.Variables) context.RestoreVariable(id, value);
        foreach (var (activityId, outputs) in state.ActivityOutputs)
            context.RestoreActivityOutputs(activityId, outputs.ToDictionary(p => p.Key, p => ValueConverter.ToPlain(p.Value), StringComparer.Ordinal));

        var graph = context.Workflow.Graph;
        var restored = new Dictionary<string, ActivityExecutionContext>(StringComparer.Ordinal);
        foreach (var item in state.ActivityExecutionContexts)
        {
            var activity = graph.FindByNodeId(item.ScheduledActivityNodeId)
                ?? throw new WorkflowStateException($"The state refers to activity '{item.ScheduledActivityNodeId}', which the workflow definition does not contain.");
            ActivityExecutionContext? parent = null;
            if (item.ParentContextId is { } parentId && !restored.TryGetValue(parentId, out parent))
                throw new WorkflowStateException($"Activity execution '{item.Id}' refers to unknown parent execution '{parentId}'.");

            var restoredContext = context.CreateContext(item.Id, activity, parent);
            restoredContext.Status = item.Status;
            restoredContext.StartedAt = item.StartedAt;
            foreach (var (key, value) in item.Properties) restoredContext.Properties[key] = value;
            if (item.CompletionCallbackMethodName is { } callbackName)
            {
                if (parent is null) throw new WorkflowStateException($"Activity execution '{item.Id}' has a completion callback but no parent.");
                restoredContext.CompletionCallback = CallbackResolver.Resolve<ActivityCompletionCallback>(parent.Activity, callbackName);
            }

            if (item.ActivityState is { } activityState) RestoreInputs(restoredContext, activityState);
            if (item.Status == ActivityStatus.Faulted) WorkflowExecutionContext.ReleaseFaulted(restoredContext);
            if (parent is null) context.RootContext = restoredContext;
            restored[item.Id] = restoredContext;
        }

        foreach (var bookmark in state.Bookmarks)
        {
            if (!restored.ContainsKey(bookmark.ActivityInstanceId))
                throw new WorkflowStateException($"Bookmark '{bookmark.Id}' refers to unknown activity execution '{bookmark.ActivityInstanceId}'.");
            context.RestoreBookmark(bookmark);
        }

        foreach (var incident in state.Incidents) context.RestoreIncident(incident);
        foreach (var id in state.ScheduledActivityInstanceIds)
        {
            if (!restored.TryGetValue(id, out var scheduled))
                throw new WorkflowStateException($"Scheduled activity execution '{id}' is not in the state.");
            context.Enqueue(scheduled);
        }
    }

    private static void RestoreInputs(ActivityExecutionContext context, Dictionary<string, object?> activityState)
    {
        var inputs = context.Activity.TypeInfo.Inputs;
        var values = new object?[inputs.Count];
        foreach (var input in inputs)
        {
            if (!input.AutoEvaluate) continue;
            values[input.Index] = activityState.TryGetValue(input.Name, out var value)
                ? ValueConverter.Convert(value, input.ValueType)
                : input.DefaultValue;
        }

        context.EvaluatedInputs = values;
    }
}
