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
