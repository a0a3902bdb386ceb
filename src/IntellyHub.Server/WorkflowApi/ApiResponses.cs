namespace IntellyHub.Server.WorkflowApi;

/// <summary>Elsa's <c>ListResponse</c>: <c>{items, count}</c>.</summary>
public sealed record ListResponse<T>(IReadOnlyList<T> Items, long Count)
{
    public ListResponse(IReadOnlyList<T> items) : this(items, items.Count) { }
}

/// <summary>Elsa's <c>PagedListResponse</c>: <c>{items, totalCount}</c>.</summary>
public sealed record PagedListResponse<T>(IReadOnlyList<T> Items, long TotalCount);

/// <summary>A HATEOAS link (Studio reads only <c>rel</c>).</summary>
public sealed record Link(string Href, string Rel, string Method);

/// <summary>The answer of a bulk delete (definitions or instances): <c>{deleted}</c>.</summary>
public sealed record BulkDeleteResponse(long Deleted);

/// <summary>The ProblemDetails answers the workflow API shares.</summary>
public static class ApiProblems
{
    /// <summary>A 404 ProblemDetails with <paramref name="detail"/>.</summary>
    public static IResult NotFound(string detail) => Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);
}
