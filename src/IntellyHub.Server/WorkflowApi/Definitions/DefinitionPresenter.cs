using System.Security.Claims;
using System.Text.Json.Nodes;
using IntellyHub.Runtime.Definitions;
using IntellyHub.Server.Security;
using Microsoft.AspNetCore.Authorization;

namespace IntellyHub.Server.WorkflowApi.Definitions;

/// <summary>
/// Turns stored definitions into what Studio reads: the Elsa model with every field it expects, and HATEOAS
/// links that decide whether the designer and the list are editable (only for users allowed to edit).
/// </summary>
public sealed class DefinitionPresenter(IAuthorizationService authorization)
{
    /// <summary>The tool version written when a definition does not carry one.</summary>
    public const string ToolVersion = "3.8.0";

    /// <summary>True when <paramref name="user"/> may change definitions.</summary>
    public async Task<bool> CanEditAsync(ClaimsPrincipal user) => (await authorization.AuthorizeAsync(user, AccessPolicies.Edit)).Succeeded;

    /// <summary>The full model of a version (Elsa's <c>LinkedWorkflowDefinitionModel</c>).</summary>
    public static JsonObject ToModel(WorkflowDefinitionRecord record, bool canEdit)
    {
        var document = WorkflowDefinitionService.ToDocument(record);
        document["name"] ??= record.Name;
        document["description"] ??= record.Description;
        document["toolVersion"] ??= ToolVersion;
        document["materializerName"] = "Json";
        document["isReadonly"] ??= false;
        document["isSystem"] ??= false;
        document["options"] ??= new JsonObject
        {
            ["activationStrategyType"] = null,
            ["usableAsActivity"] = false,
            ["autoUpdateConsumingWorkflows"] = false,
            ["activityCategory"] = null,
            ["incidentStrategyType"] = null,
            ["commitStrategyName"] = null,
        };
        document["variables"] ??= new JsonArray();
        document["inputs"] ??= new JsonArray();
        document["outputs"] ??= new JsonArray();
        document["outcomes"] ??= new JsonArray();
        document["customProperties"] ??= new JsonObject();
        document["links"] = new JsonArray(Links(record, canEdit).Select(l => (JsonNode)new JsonObject { ["href"] = l.Href, ["rel"] = l.Rel, ["method"] = l.Method }).ToArray());
        return document;
    }

    /// <summary>The summary of a version for lists.</summary>
    public static DefinitionSummary ToSummary(WorkflowDefinitionRecord record, bool canEdit) => new(
        record.Id, record.DefinitionId, record.Name, record.Description, record.Version, ToolVersion, record.IsLatest, record.IsPublished,
        "Json", IsMaterializerAvailable: true, IsReadonly: false, IsSystem: false, record.CreatedAt, Links(record, canEdit));

    /// <summary>The list-level links: <c>bulk-publish</c> enables "Create workflow" and the bulk actions in Studio.</summary>
    public static IReadOnlyList<Link> ListLinks(bool canEdit) => canEdit
        ? [new Link("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST")]
        : [];

    private static IReadOnlyList<Link> Links(WorkflowDefinitionRecord record, bool canEdit)
    {
        if (!canEdit || record.IsDeleted) return [];
        var links = new List<Link>(2);
        if (record.IsLatest) links.Add(new Link($"/workflow-definitions/{record.DefinitionId}/publish", "publish", "POST"));
        if (record.IsPublished) links.Add(new Link($"/workflow-definitions/{record.DefinitionId}/retract", "retract", "POST"));
        return links;
    }
}
