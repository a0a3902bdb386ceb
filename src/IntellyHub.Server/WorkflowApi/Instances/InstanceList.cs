using System.Globalization;
using System.Linq.Expressions;
using IntellyHub.Runtime.Instances;
using IntellyHub.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace IntellyHub.Server.WorkflowApi.Instances;

/// <summary>What the instance list is sorted by (Elsa's server names, plus its client's <c>LastExecuted</c>).</summary>
public enum InstanceOrderBy
{
    Created = 0,
    UpdatedAt = 1,
    Finished = 2,
    Name = 3,

    /// <summary>The name Elsa's API client sends for <see cref="UpdatedAt"/> (same value).</summary>
    LastExecuted = 1,
}

/// <summary>Sort direction.</summary>
public enum OrderDirection
{
    Ascending,
    Descending,
}

/// <summary>How a timestamp filter compares (Elsa's <c>TimestampFilterOperator</c>).</summary>
public enum TimestampFilterOperator
{
    Is,
    IsNot,
    LessThan,
    GreaterThan,
    LessThanOrEqual,
    GreaterThanOrEqual,
}

/// <summary>
/// A filter on <c>CreatedAt</c>, <c>UpdatedAt</c> or <c>FinishedAt</c>. A timestamp at midnight means the whole
/// day (in its offset): <c>Is</c> that day, <c>GreaterThan</c> after it, <c>LessThanOrEqual</c> up to its end.
/// </summary>
public sealed record TimestampFilter(string? Column, TimestampFilterOperator Operator, DateTimeOffset Timestamp);

/// <summary>
/// The instance list request (Elsa's <c>POST /workflow-instances</c> body; the GET form takes the same names
/// from the query). Empty lists mean "no filter". Without <see cref="PageSize"/> every match is returned.
/// </summary>
public sealed class InstanceListRequest
{
    public int? Page { get; set; }
    public int? PageSize { get; set; }

    /// <summary>Matches name (case-insensitive), id, definition id, definition version id or correlation id.</summary>
    public string? SearchTerm { get; set; }

    public string? DefinitionId { get; set; }
    public List<string>? DefinitionIds { get; set; }
    public string? CorrelationId { get; set; }

    /// <summary>Name contains (case-insensitive).</summary>
    public string? Name { get; set; }

    /// <summary>The definition version the instance runs.</summary>
    public int? Version { get; set; }

    public bool? HasIncidents { get; set; }

    /// <summary>IntellyHub has no system workflows: true matches nothing.</summary>
    public bool? IsSystem { get; set; }

    public WorkflowStatus? Status { get; set; }
    public List<WorkflowStatus>? Statuses { get; set; }
    public WorkflowSubStatus? SubStatus { get; set; }
    public List<WorkflowSubStatus>? SubStatuses { get; set; }

    /// <summary>Default <c>Created</c>.</summary>
    public InstanceOrderBy? OrderBy { get; set; }

    /// <summary>Default descending, ascending for <c>Name</c>.</summary>
    public OrderDirection? OrderDirection { get; set; }

    public List<TimestampFilter>? TimestampFilters { get; set; }

    private static readonly string[] TimestampColumns = ["CreatedAt", "UpdatedAt", "FinishedAt"];

    /// <summary>Problems with the request, by field (empty when valid).</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Page is < 0) errors["page"] = ["Page must be 0 or more."];
        if (PageSize is < 1) errors["pageSize"] = ["Page size must be 1 or more."];
        if (TimestampFilters is { } filters)
        {
            var problems = filters.Select((f, i) => f is null
                    ? $"Timestamp filter {i} is missing."
                    : NormalizeColumn(f.Column) is null ? $"Timestamp filter {i}: column must be one of {string.Join(", ", TimestampColumns)}." : null)
                .OfType<string>().ToArray();
            if (problems.Length > 0) errors["timestampFilters"] = problems;
        }

        return errors;
    }

    private static string? NormalizeColumn(string? column) =>
        column is null ? null : TimestampColumns.FirstOrDefault(c => string.Equals(c, column.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The request of the GET form, read from the query (names are case-insensitive); parse errors by field.</summary>
    public static (InstanceListRequest Request, Dictionary<string, string[]> Errors) FromQuery(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = new InstanceListRequest
        {
            Page = Number(query, "page", errors),
            PageSize = Number(query, "pageSize", errors),
            SearchTerm = Text(query, "searchTerm"),
            DefinitionId = Text(query, "definitionId"),
            DefinitionIds = Texts(query, "definitionIds"),
            CorrelationId = Text(query, "correlationId"),
            Name = Text(query, "name"),
            Version = Number(query, "version", errors),
            HasIncidents = Flag(query, "hasIncidents", errors),
            IsSystem = Flag(query, "isSystem", errors),
            Status = Enum<WorkflowStatus>(query, "status", errors),
            Statuses = Enums<WorkflowStatus>(query, "statuses", errors),
            SubStatus = Enum<WorkflowSubStatus>(query, "subStatus", errors),
            SubStatuses = Enums<WorkflowSubStatus>(query, "subStatuses", errors),
            OrderBy = Enum<InstanceOrderBy>(query, "orderBy", errors),
            OrderDirection = Enum<OrderDirection>(query, "orderDirection", errors),
        };
        return (request, errors);
    }

    private static string? Text(IQueryCollection query, string name) => query[name].FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static List<string>? Texts(IQueryCollection query, string name)
    {
        var values = query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return values.Count == 0 ? null : values;
    }

    private static int? Number(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (Text(query, name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        errors[name] = [$"'{text}' is not a whole number."];
        return null;
    }

    private static bool? Flag(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (Text(query, name) is not { } text) return null;
        if (bool.TryParse(text, out var value)) return value;
        errors[name] = [$"'{text}' is not true or false."];
        return null;
    }

    private static T? Enum<T>(IQueryCollection query, string name, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (Text(query, name) is not { } text) return null;
        if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _)) return value;
        errors[name] = [$"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}."];
        return null;
    }

    private static List<T>? Enums<T>(IQueryCollection query, string name, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (Texts(query, name) is not { } texts) return null;
        var values = new List<T>();
        foreach (var text in texts)
        {
            if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && !int.TryParse(text, out _)) values.Add(value);
            else errors[name] = [$"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<T>())}."];
        }

        return values;
    }

    /// <summary>Applies the filters (not paging or order) to <paramref name="query"/>; call <see cref="Validate"/> first.</summary>
    public IQueryable<WorkflowInstanceRecord> Filter(IQueryable<WorkflowInstanceRecord> query)
    {
        if (!string.IsNullOrWhiteSpace(DefinitionId)) query = query.Where(x => x.DefinitionId == DefinitionId);
        if (DefinitionIds is { Count: > 0 } definitionIds) query = query.Where(x => definitionIds.Contains(x.DefinitionId));
        if (Version is { } version) query = query.Where(x => x.DefinitionVersion == version);
        if (!string.IsNullOrWhiteSpace(CorrelationId)) query = query.Where(x => x.CorrelationId == CorrelationId);
        if (!string.IsNullOrWhiteSpace(Name))
        {
            var name = Name.ToLowerInvariant();
            query = query.Where(x => x.Name != null && x.Name.ToLower().Contains(name));
        }

        if (Status is { } status) query = query.Where(x => x.Status == status);
        if (SubStatus is { } subStatus) query = query.Where(x => x.SubStatus == subStatus);
        if (Statuses is { Count: > 0 } statuses) query = query.Where(x => statuses.Contains(x.Status));
        if (SubStatuses is { Count: > 0 } subStatuses) query = query.Where(x => subStatuses.Contains(x.SubStatus));
        if (HasIncidents is { } hasIncidents) query = hasIncidents ? query.Where(x => x.IncidentCount > 0) : query.Where(x => x.IncidentCount == 0);
        if (IsSystem == true) query = query.Where(x => false);

        foreach (var filter in TimestampFilters ?? [])
            query = ApplyTimestampFilter(query, filter);

        if (!string.IsNullOrWhiteSpace(SearchTerm))
        {
            var term = SearchTerm.Trim();
            var lower = term.ToLowerInvariant();
            query = query.Where(x =>
                (x.Name != null && x.Name.ToLower().Contains(lower))
                || x.Id.Contains(term)
                || x.DefinitionId.Contains(term)
                || x.DefinitionVersionId.Contains(term)
                || (x.CorrelationId != null && x.CorrelationId.Contains(term)));
        }

        return query;
    }

    /// <summary>Orders <paramref name="query"/> as requested, then by id so that pages are stable.</summary>
    public IQueryable<WorkflowInstanceRecord> Order(IQueryable<WorkflowInstanceRecord> query)
    {
        var orderBy = OrderBy ?? InstanceOrderBy.Created;
        var descending = (OrderDirection ?? (orderBy == InstanceOrderBy.Name ? Instances.OrderDirection.Ascending : Instances.OrderDirection.Descending))
            == Instances.OrderDirection.Descending;
        IOrderedQueryable<WorkflowInstanceRecord> ordered = orderBy switch
        {
            InstanceOrderBy.UpdatedAt => descending ? query.OrderByDescending(x => x.UpdatedAt) : query.OrderBy(x => x.UpdatedAt),
            InstanceOrderBy.Finished => descending ? query.OrderByDescending(x => x.FinishedAt) : query.OrderBy(x => x.FinishedAt),
            InstanceOrderBy.Name => descending ? query.OrderByDescending(x => x.Name) : query.OrderBy(x => x.Name),
            _ => descending ? query.OrderByDescending(x => x.CreatedAt) : query.OrderBy(x => x.CreatedAt),
        };
        return descending ? ordered.ThenByDescending(x => x.Id) : ordered.ThenBy(x => x.Id);
    }

    /// <summary>One page of summaries and the number of matches.</summary>
    public async Task<PagedListResponse<WorkflowInstanceSummaryModel>> ExecuteAsync(IQueryable<WorkflowInstanceRecord> instances, CancellationToken cancellationToken)
    {
        var filtered = Filter(instances);
        var total = await filtered.LongCountAsync(cancellationToken);
        var page = Order(filtered);
        if (PageSize is { } size) page = page.Skip((Page ?? 0) * size).Take(size);
        var items = await page
            .Select(x => new WorkflowInstanceSummaryModel(x.Id, x.DefinitionId, x.DefinitionVersionId, x.DefinitionVersion, x.Status, x.SubStatus,
                x.CorrelationId, x.Name, x.IncidentCount, x.CreatedAt, x.UpdatedAt, x.FinishedAt))
            .ToListAsync(cancellationToken);
        return new PagedListResponse<WorkflowInstanceSummaryModel>(items, total);
    }

    private static IQueryable<WorkflowInstanceRecord> ApplyTimestampFilter(IQueryable<WorkflowInstanceRecord> query, TimestampFilter filter)
    {
        Expression<Func<WorkflowInstanceRecord, DateTimeOffset?>> column = NormalizeColumn(filter.Column) switch
        {
            "UpdatedAt" => x => x.UpdatedAt,
            "FinishedAt" => x => x.FinishedAt,
            _ => x => x.CreatedAt,
        };

        var timestamp = filter.Timestamp;
        var wholeDay = timestamp.TimeOfDay == TimeSpan.Zero;
        var dayStart = new DateTimeOffset(timestamp.Date, timestamp.Offset);
        var dayEnd = dayStart.AddDays(1);
        var value = column.Body;
        var parameter = column.Parameters[0];

        // Values go in as query parameters (members of a closure object), not as inlined constants.
        Expression Bound(DateTimeOffset v) => Expression.Property(Expression.Constant(new Boundary(v)), nameof(Boundary.Value));

        var body = (filter.Operator, wholeDay) switch
        {
            (TimestampFilterOperator.Is, true) => Expression.AndAlso(Expression.GreaterThanOrEqual(value, Bound(dayStart)), Expression.LessThan(value, Bound(dayEnd))),
            (TimestampFilterOperator.Is, false) => Expression.Equal(value, Bound(timestamp)),
            (TimestampFilterOperator.IsNot, true) => Expression.OrElse(Expression.LessThan(value, Bound(dayStart)), Expression.GreaterThanOrEqual(value, Bound(dayEnd))),
            (TimestampFilterOperator.IsNot, false) => Expression.NotEqual(value, Bound(timestamp)),
            (TimestampFilterOperator.GreaterThan, true) => Expression.GreaterThanOrEqual(value, Bound(dayEnd)),
            (TimestampFilterOperator.GreaterThan, false) => Expression.GreaterThan(value, Bound(timestamp)),
            (TimestampFilterOperator.GreaterThanOrEqual, true) => Expression.GreaterThanOrEqual(value, Bound(dayStart)),
            (TimestampFilterOperator.GreaterThanOrEqual, false) => Expression.GreaterThanOrEqual(value, Bound(timestamp)),
            (TimestampFilterOperator.LessThan, true) => Expression.LessThan(value, Bound(dayStart)),
            (TimestampFilterOperator.LessThan, false) => Expression.LessThan(value, Bound(timestamp)),
            (TimestampFilterOperator.LessThanOrEqual, true) => Expression.LessThan(value, Bound(dayEnd)),
            _ => Expression.LessThanOrEqual(value, Bound(timestamp)),
        };
        return query.Where(Expression.Lambda<Func<WorkflowInstanceRecord, bool>>(body, parameter));
    }

    private sealed class Boundary(DateTimeOffset value)
    {
        public DateTimeOffset? Value { get; } = value;
    }
}
