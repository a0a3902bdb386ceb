using System.Collections.Concurrent;
using System.Net;
using IntellyHub.Activities.Kubernetes.Cluster;
using IntellyHub.Workflows.Execution;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntellyHub.Activities.Kubernetes.Jobs;

/// <summary>
/// Watches IntellyHub's Jobs (label <c>app.kubernetes.io/managed-by=intellyhub</c>) in every configured namespace and
/// delivers each Job's end to the bookmark waiting for it (<see cref="IStimulusSender"/>, which queues the resume).
/// <para>
/// Per namespace: list the Jobs and reconcile them with the stored bookmarks (a Job that ended, or disappeared, while
/// nobody watched is delivered now), then watch from the list's resource version, following it through bookmark events
/// and reconnects; when the version expired (410 Gone) or the connection failed, list and reconcile again. A Job that
/// ended before its bookmark was committed (the run that created it still running) is delivered again, with growing
/// delays, for <see cref="KubernetesOptions.DeliveryWindow"/>.
/// </para>
/// </summary>
public sealed partial class KubernetesJobWatcher(
    KubernetesClientProvider clients,
    IStimulusSender stimuli,
    IOptions<KubernetesOptions> options,
    TimeProvider clock,
    ILogger<KubernetesJobWatcher> logger) : BackgroundService
{
    private readonly KubernetesOptions _options = options.Value;

    // Jobs whose end was delivered (by uid and resource version of the ending), so repeated events do not read logs again.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _delivered = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _reconciled = new(StringComparer.Ordinal);

    /// <summary>Raised after each delivery with the result and how many bookmarks it queued (for tests and diagnostics).</summary>
    internal event Action<KubernetesJobResult, int>? Delivered;

    /// <summary>Completes once every namespace was listed and reconciled for the first time.</summary>
    public Task Reconciled => Task.WhenAll(_options.WatchedNamespaces.Select(ns => _reconciled.GetOrAdd(ns, _ => NewSignal()).Task));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled) return;
        await Task.Yield();
        await Task.WhenAll(_options.WatchedNamespaces.Select(ns => WatchNamespaceAsync(ns, stoppingToken)));
    }

    private async Task WatchNamespaceAsync(string ns, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var version = await ReconcileAsync(ns, stoppingToken);
                _reconciled.GetOrAdd(ns, _ => NewSignal()).TrySetResult();
                failures = 0;
                while (version is not null)
                    version = await WatchAsync(ns, version, stoppingToken);
                LogRelist(logger, ns);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                var delay = JobSubmission.Backoff(new KubernetesOptions { RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(30) }, failures);
                LogWatchFailed(logger, ns, delay, exception);
                try
                {
                    await Task.Delay(delay, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Lists the namespace's Jobs and delivers what the bookmarks waiting there missed: an ended Job, or a Job that no
    /// longer exists (deleted). Returns the list's resource version, where the watch starts.
    /// </summary>
    public async Task<string> ReconcileAsync(string ns, CancellationToken cancellationToken)
    {
        // Bookmarks first: a bookmark stored before the list was taken belongs to a Job created before it, so a Job
        // missing from the list was deleted (not created after the list).
        var bookmarks = (await stimuli.FindBookmarksAsync(KubernetesJobStimulus.Name, cancellationToken))
            .Select(b => b.GetPayload<KubernetesJobStimulus>()).OfType<KubernetesJobStimulus>()
            .Where(s => s.Namespace == ns).Distinct().ToList();
        var client = clients.Client;
        var list = await client.BatchV1.ListNamespacedJobAsync(ns, labelSelector: JobLabels.Selector, cancellationToken: cancellationToken);
        var jobs = list.Items.ToDictionary(j => j.Metadata.Name, StringComparer.Ordinal);
        foreach (var stimulus in bookmarks)
        {
            if (!jobs.TryGetValue(stimulus.JobName, out var job))
                await DeliverAsync(KubernetesJobResult.Deleted(ns, stimulus.JobName), null, cancellationToken);
            else if (JobResultReader.Terminal(job) is not null)
                await DeliverEndedAsync(client, job, cancellationToken, force: true);
        }

        PruneDelivered();
        return list.Metadata.ResourceVersion;
    }

    // One watch request; returns the version to watch from next, or null when the version expired (list again).
    private async Task<string?> WatchAsync(string ns, string version, CancellationToken cancellationToken)
    {
        var client = clients.Client;
        var expired = false;
        Exception? failure = null;
        try
        {
            await foreach (var (type, job) in client.BatchV1.WatchListNamespacedJobAsync(
                               ns, allowWatchBookmarks: true, labelSelector: JobLabels.Selector, resourceVersion: version,
                               timeoutSeconds: (int)Math.Max(1, _options.WatchTimeout.TotalSeconds),
                               onError: exception =>
                               {
                                   if (exception is KubernetesException { Status.Code: 410 }) expired = true;
                                   else failure ??= exception;
                               },
                               cancellationToken: cancellationToken))
            {
                if (job?.Metadata?.ResourceVersion is { Length: > 0 } next) version = next;
                if (job is null || type == WatchEventType.Bookmark) continue;
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified when JobResultReader.Terminal(job) is not null:
                        await DeliverEndedAsync(client, job, cancellationToken, force: false);
                        break;
                    case WatchEventType.Deleted when JobResultReader.Terminal(job) is not null:
                        await DeliverEndedAsync(client, job, cancellationToken, force: false);
                        _delivered.TryRemove(job.Metadata.Uid ?? "", out _);
                        break;
                    case WatchEventType.Deleted:
                        await DeliverAsync(KubernetesJobResult.Deleted(ns, job.Metadata.Name), null, cancellationToken);
                        break;
                }
            }
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Gone)
        {
            expired = true;
        }

        if (expired) return null;
        if (failure is not null) throw new KubernetesException($"The watch of Jobs in {ns} failed: {failure.Message}", failure);
        return version;
    }

    private async Task DeliverEndedAsync(IKubernetes client, V1Job job, CancellationToken cancellationToken, bool force)
    {
        var key = job.Metadata.Uid ?? $"{job.Metadata.NamespaceProperty}/{job.Metadata.Name}";
        if (!force && _delivered.ContainsKey(key)) return;
        var result = await JobResultReader.ReadAsync(client, job, _options, cancellationToken);
        var created = job.Metadata.CreationTimestamp is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : clock.GetUtcNow();
        await DeliverAsync(result, (key, created), cancellationToken);
    }

    private async Task DeliverAsync(KubernetesJobResult result, (string Key, DateTimeOffset CreatedAt)? job, CancellationToken cancellationToken)
    {
        var queued = await stimuli.SendAsync(KubernetesJobStimulus.Name, new KubernetesJobStimulus(result.Namespace, result.JobName), result.ToInput(), cancellationToken);
        LogDelivered(logger, result.Namespace, result.JobName, result.Status, queued);
        if (job is { } j)
        {
            _delivered[j.Key] = clock.GetUtcNow();
            if (queued == 0 && clock.GetUtcNow() - j.CreatedAt < _options.DeliveryWindow)
                _ = RedeliverAsync(result, j.CreatedAt, cancellationToken);
        }

        Delivered?.Invoke(result, queued);
    }

    // The run that created the Job may not have committed its bookmark yet: deliver again after 1, 2, 4… seconds.
    private async Task RedeliverAsync(KubernetesJobResult result, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        try
        {
            for (var delay = TimeSpan.FromSeconds(1); clock.GetUtcNow() - createdAt < _options.DeliveryWindow; delay += delay)
            {
                await Task.Delay(delay, clock, cancellationToken);
                var queued = await stimuli.SendAsync(KubernetesJobStimulus.Name, new KubernetesJobStimulus(result.Namespace, result.JobName), result.ToInput(), cancellationToken);
                if (queued > 0)
                {
                    LogDelivered(logger, result.Namespace, result.JobName, result.Status, queued);
                    Delivered?.Invoke(result, queued);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the next start reconciles.
        }
        catch (Exception exception)
        {
            LogWatchFailed(logger, result.Namespace, TimeSpan.Zero, exception);
        }
    }

    private void PruneDelivered()
    {
        var horizon = clock.GetUtcNow() - TimeSpan.FromHours(6);
        foreach (var (key, at) in _delivered)
            if (at < horizon) _delivered.TryRemove(key, out _);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(1500, LogLevel.Information, "Job {Namespace}/{JobName} ended {Status}; {Queued} waiting activities resumed")]
    private static partial void LogDelivered(ILogger logger, string @namespace, string jobName, KubernetesJobStatus status, int queued);

    [LoggerMessage(1501, LogLevel.Warning, "Watching Jobs in {Namespace} failed; listing again in {Delay}")]
    private static partial void LogWatchFailed(ILogger logger, string @namespace, TimeSpan delay, Exception exception);

    [LoggerMessage(1502, LogLevel.Debug, "The watch of Jobs in {Namespace} expired; listing again")]
    private static partial void LogRelist(ILogger logger, string @namespace);
}
