using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IntellyHub.Activities.Kubernetes.Tests.FakeKubernetes;

/// <summary>
/// An in-process stand-in for the parts of the Kubernetes REST API the Job activities use, speaking its JSON over plain
/// HTTP on 127.0.0.1 so the real KubernetesClient talks to it: create/get/list/watch/delete <c>batch/v1</c> Jobs (label
/// selectors, resource versions, watch from a version with replay, 410 Gone for a compacted version, bookmark events),
/// list Pods by label, read a pod's log (<c>tailLines</c>, <c>limitBytes</c>), and API discovery for kubectl. Nothing runs by itself: tests move Jobs
/// through their lives (<see cref="Succeed"/>, <see cref="Fail"/>, <see cref="ExceedDeadline"/>, <see cref="DeleteJob"/>).
/// <para>
/// What a real API server does and this does not: validation and defaulting of objects (a bad manifest is accepted),
/// authentication, RBAC, TLS, field selectors other than <c>metadata.name</c>, owner references and garbage
/// collection beyond deleting a Job's pods, the TTL controller, <c>follow</c> log streams.
/// </para>
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly Dictionary<(string Ns, string Name), V1Job> _jobs = [];
    private readonly Dictionary<(string Ns, string Name), V1Pod> _pods = [];
    private readonly Dictionary<(string Ns, string Name), string> _logs = [];
    private readonly List<(long Version, string Type, V1Job Job)> _history = [];
    private readonly List<Subscriber> _subscribers = [];
    private readonly ConcurrentQueue<string> _requests = new();
    private long _version = 1000;
    private long _compactedThrough;

    public FakeKubernetesApi()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (Unavailable)
            {
                context.Abort(); // like a server that is down or unreachable: the connection drops without an answer
                return;
            }

            await next();
        });

        FakeDiscovery.Map(_app);
        const string jobs = "/apis/batch/v1/namespaces/{ns}/jobs";
        _app.MapPost(jobs, CreateJobAsync);
        _app.MapGet(jobs, ListOrWatchJobsAsync);
        _app.MapGet(jobs + "/{name}", (string ns, string name) =>
        {
            lock (_gate) return _jobs.TryGetValue((ns, name), out var job) ? Json(job) : NotFound("jobs.batch", name);
        });
        _app.MapDelete(jobs + "/{name}", (HttpContext context, string ns, string name) =>
        {
            lock (_gate) DeleteRequests.Add((ns, name, context.Request.Query["propagationPolicy"].ToString()));
            return RemoveJob(ns, name) is { } job
                ? Status(200, "Success", details: new { name, group = "batch", kind = "jobs", uid = job.Metadata.Uid })
                : NotFound("jobs.batch", name);
        });
        _app.MapGet("/api/v1/namespaces/{ns}/pods", (HttpContext context, string ns) =>
        {
            var selector = ParseSelector(context.Request.Query["labelSelector"]);
            lock (_gate)
            {
                var items = _pods.Where(p => p.Key.Ns == ns && Matches(p.Value.Metadata.Labels, selector)).Select(p => p.Value).ToList();
                return Json(new V1PodList { ApiVersion = "v1", Kind = "PodList", Metadata = new V1ListMeta { ResourceVersion = Current() }, Items = items });
            }
        });
        _app.MapGet("/api/v1/namespaces/{ns}/pods/{name}/log", (HttpContext context, string ns, string name) =>
        {
            lock (_gate)
            {
                if (!_logs.TryGetValue((ns, name), out var log)) return NotFound("pods", name);
                if (int.TryParse(context.Request.Query["tailLines"], out var tail))
                {
                    var lines = log.Split('\n');
                    var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
                    log = string.Join('\n', lines.Skip(Math.Max(0, count - tail)));
                }

                var bytes = Encoding.UTF8.GetBytes(log);
                if (int.TryParse(context.Request.Query["limitBytes"], out var limit) && bytes.Length > limit) bytes = bytes[..limit];
                return Results.Bytes(bytes, "text/plain");
            }
        });
    }

    /// <summary>The API's URL.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>A kubeconfig file pointing at this server (what the activities' client is configured with in tests).</summary>
    public string KubeConfigPath { get; private set; } = "";

    /// <summary>While true every request's connection is dropped without an answer (the API is unreachable).</summary>
    public bool Unavailable { get; set; }

    /// <summary>When set, the next create stores the Job but the answer is lost (the connection drops).</summary>
    public bool LoseNextCreateAnswer { get; set; }

    /// <summary>
    /// When set, a create stores the Job (and its watchers see it) but its answer waits until this task completes: the
    /// window in which a Job exists and the activity that created it has not committed its bookmark yet.
    /// </summary>
    public Task? HoldCreateAnswers { get; set; }

    /// <summary>Every request: method, path and query.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Every delete request: namespace, name, propagation policy.</summary>
    public List<(string Ns, string Name, string Propagation)> DeleteRequests { get; } = [];

    /// <summary>How many Jobs were created (a create answered 409 does not count).</summary>
    public int JobsCreated { get; private set; }

    public async Task StartAsync()
    {
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
        var folder = Path.Combine(Path.GetTempPath(), "ih-k8s-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        KubeConfigPath = Path.Combine(folder, "kubeconfig");
        await File.WriteAllTextAsync(KubeConfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {BaseUrl}
            users:
            - name: tests
              user:
                token: fake-token
            contexts:
            - name: fake
              context:
                cluster: fake
                user: tests
                namespace: default
            current-context: fake
            """);
    }

    /// <summary>The Jobs stored now.</summary>
    public IReadOnlyList<V1Job> Jobs
    {
        get
        {
            lock (_gate) return [.. _jobs.Values];
        }
    }

    /// <summary>Waits until a Job is stored (its ADDED event), and returns it.</summary>
    public async Task<V1Job> WaitForJobAsync()
    {
        var subscriber = new Subscriber(_ => true, Channel.CreateUnbounded<string>());
        lock (_gate)
        {
            if (_jobs.Count > 0) return _jobs.Values.First();
            _subscribers.Add(subscriber);
        }

        try
        {
            var line = await subscriber.Channel.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            using var document = JsonDocument.Parse(line);
            return KubernetesJson.Deserialize<V1Job>(document.RootElement.GetProperty("object").GetRawText());
        }
        finally
        {
            lock (_gate) _subscribers.Remove(subscriber);
        }
    }

    /// <summary>The one Job stored now (fails when there are none or several).</summary>
    public V1Job SingleJob => Jobs.Single();

    /// <summary>The pod starts: the Job gets <c>active=1</c> and a start time.</summary>
    public void Start(string ns, string name) => Update(ns, name, (job, pod) =>
    {
        job.Status.Active = 1;
        job.Status.StartTime ??= Now();
        pod.Status.Phase = "Running";
        pod.Status.StartTime ??= Now();
    });

    /// <summary>The container exits 0 with <paramref name="log"/>; the Job completes.</summary>
    public void Succeed(string ns, string name, string log) => Update(ns, name, (job, pod) =>
    {
        Terminate(job, pod, 0, "Completed", log);
        var now = Now();
        job.Status.Succeeded = 1;
        job.Status.CompletionTime = now;
        job.Status.Conditions =
        [
            new V1JobCondition { Type = "SuccessCriteriaMet", Status = "True", LastTransitionTime = now },
            new V1JobCondition { Type = "Complete", Status = "True", LastTransitionTime = now },
        ];
    });

    /// <summary>The container exits with <paramref name="exitCode"/>; the Job fails past its backoff limit.</summary>
    public void Fail(string ns, string name, int exitCode, string log) => Update(ns, name, (job, pod) =>
    {
        Terminate(job, pod, exitCode, "Error", log);
        var now = Now();
        job.Status.Failed = 1;
        job.Status.Conditions =
        [
            new V1JobCondition { Type = "FailureTarget", Status = "True", Reason = "BackoffLimitExceeded", Message = "Job has reached the specified backoff limit", LastTransitionTime = now },
            new V1JobCondition { Type = "Failed", Status = "True", Reason = "BackoffLimitExceeded", Message = "Job has reached the specified backoff limit", LastTransitionTime = now },
        ];
    });

    /// <summary>The Job passes its active deadline: its pod is killed, the Job fails with reason DeadlineExceeded.</summary>
    public void ExceedDeadline(string ns, string name, string log) => Update(ns, name, (job, pod) =>
    {
        Terminate(job, pod, 137, "Error", log);
        var now = Now();
        job.Status.Failed = 1;
        job.Status.Conditions =
        [
            new V1JobCondition { Type = "FailureTarget", Status = "True", Reason = "DeadlineExceeded", Message = "Job was active longer than specified deadline", LastTransitionTime = now },
            new V1JobCondition { Type = "Failed", Status = "True", Reason = "DeadlineExceeded", Message = "Job was active longer than specified deadline", LastTransitionTime = now },
        ];
    });

    /// <summary>Someone else deletes the Job (and, as with background propagation, its pods).</summary>
    public void DeleteJob(string ns, string name) => RemoveJob(ns, name);

    /// <summary>Forgets the event history, as etcd compaction does: a watch from an older version gets 410 Gone.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _compactedThrough = _version;
            _history.Clear();
        }
    }

    /// <summary>Ends every open watch (as a load balancer or an API server restart does).</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers) subscriber.Channel.Writer.TryComplete();
            _subscribers.Clear();
        }
    }

    /// <summary>How many watch requests are open.</summary>
    public int OpenWatches
    {
        get
        {
            lock (_gate) return _subscribers.Count;
        }
    }

    /// <summary>The clock of the timestamps the fake writes (creation, start, completion).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    private DateTime Now() => Clock.GetUtcNow().UtcDateTime;

    private string Next() => (++_version).ToString(CultureInfo.InvariantCulture);

    private string Current() => _version.ToString(CultureInfo.InvariantCulture);

    private void Terminate(V1Job job, V1Pod pod, int exitCode, string reason, string log)
    {
        job.Status.Active = null;
        job.Status.StartTime ??= Now();
        pod.Status.Phase = exitCode == 0 ? "Succeeded" : "Failed";
        pod.Status.ContainerStatuses =
        [
            new V1ContainerStatus
            {
                Name = pod.Spec.Containers[0].Name, Image = pod.Spec.Containers[0].Image, ImageID = "", Ready = false, RestartCount = 0,
                State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Reason = reason, StartedAt = job.Status.StartTime, FinishedAt = Now() } },
            },
        ];
        _logs[(pod.Metadata.NamespaceProperty, pod.Metadata.Name)] = log;
    }

    private void Update(string ns, string name, Action<V1Job, V1Pod> change)
    {
        lock (_gate)
        {
            var job = _jobs[(ns, name)];
            var pod = _pods.Values.Single(p => p.Metadata.NamespaceProperty == ns && p.Metadata.Labels["job-name"] == name);
            change(job, pod);
            job.Metadata.ResourceVersion = Next();
            Publish("MODIFIED", job);
        }
    }

    private V1Job? RemoveJob(string ns, string name)
    {
        lock (_gate)
        {
            if (!_jobs.Remove((ns, name), out var job)) return null;
            foreach (var key in _pods.Where(p => p.Key.Ns == ns && p.Value.Metadata.Labels["job-name"] == name).Select(p => p.Key).ToList())
            {
                _pods.Remove(key);
                _logs.Remove(key);
            }

            job.Metadata.DeletionTimestamp = Now();
            job.Metadata.ResourceVersion = Next();
            Publish("DELETED", job);
            return job;
        }
    }

    // Under _gate: records the event and hands it to the matching watches.
    private void Publish(string type, V1Job job)
    {
        var copy = KubernetesJson.Deserialize<V1Job>(KubernetesJson.Serialize(job));
        var version = long.Parse(job.Metadata.ResourceVersion, CultureInfo.InvariantCulture);
        _history.Add((version, type, copy));
        foreach (var subscriber in _subscribers)
            if (subscriber.Matches(copy)) subscriber.Channel.Writer.TryWrite(Event(type, copy));
    }

    private async Task<IResult> CreateJobAsync(HttpContext context, string ns)
    {
        using var reader = new StreamReader(context.Request.Body);
        var job = KubernetesJson.Deserialize<V1Job>(await reader.ReadToEndAsync());
        lock (_gate)
        {
            if (_jobs.ContainsKey((ns, job.Metadata.Name)))
                return Status(409, "Failure", "AlreadyExists", $"jobs.batch \"{job.Metadata.Name}\" already exists", new { name = job.Metadata.Name, group = "batch", kind = "jobs" });
            job.ApiVersion = "batch/v1";
            job.Kind = "Job";
            job.Metadata.NamespaceProperty = ns;
            job.Metadata.Uid = Guid.NewGuid().ToString();
            job.Metadata.CreationTimestamp = Now();
            job.Metadata.ResourceVersion = Next();
            job.Status = new V1JobStatus();
            _jobs[(ns, job.Metadata.Name)] = job;
            JobsCreated++;

            // What the Job controller does: one pod, labelled with the Job's name.
            var podName = $"{job.Metadata.Name}-{Guid.NewGuid().ToString("N")[..5]}";
            var labels = new Dictionary<string, string>(job.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>())
            {
                ["job-name"] = job.Metadata.Name,
                ["batch.kubernetes.io/job-name"] = job.Metadata.Name,
                ["controller-uid"] = job.Metadata.Uid,
            };
            _pods[(ns, podName)] = new V1Pod
            {
                ApiVersion = "v1", Kind = "Pod",
                Metadata = new V1ObjectMeta { Name = podName, NamespaceProperty = ns, Labels = labels, Uid = Guid.NewGuid().ToString(), CreationTimestamp = Now(), ResourceVersion = Next() },
                Spec = job.Spec.Template.Spec,
                Status = new V1PodStatus { Phase = "Pending" },
            };
            Publish("ADDED", job);
            if (LoseNextCreateAnswer)
            {
                LoseNextCreateAnswer = false;
                context.Abort();
                return Results.Empty;
            }
        }

        if (HoldCreateAnswers is { } hold) await hold;
        lock (_gate) return Json(job, 201);
    }

    private async Task ListOrWatchJobsAsync(HttpContext context, string ns)
    {
        var query = context.Request.Query;
        var selector = ParseSelector(query["labelSelector"]);
        var fieldSelector = query["fieldSelector"].ToString();
        var name = fieldSelector.StartsWith("metadata.name=", StringComparison.Ordinal) ? fieldSelector["metadata.name=".Length..] : null;
        bool Matches(V1Job job) => job.Metadata.NamespaceProperty == ns && (name is null || job.Metadata.Name == name) && FakeKubernetesApi.Matches(job.Metadata.Labels, selector);

        if (query["watch"] is var watch && (watch == "true" || watch == "1"))
        {
            var subscriber = new Subscriber(Matches, Channel.CreateUnbounded<string>());
            var from = query["resourceVersion"].ToString();
            lock (_gate)
            {
                if (from is "" or "0")
                {
                    foreach (var job in _jobs.Values.Where(Matches)) subscriber.Channel.Writer.TryWrite(Event("ADDED", job));
                }
                else if (long.Parse(from, CultureInfo.InvariantCulture) < _compactedThrough)
                {
                    // What the API server answers a watch from a compacted version: 200, then an ERROR event with 410, then the end.
                    subscriber.Channel.Writer.TryWrite(ErrorEvent(410, "Expired", $"too old resource version: {from} ({_compactedThrough})"));
                    subscriber.Channel.Writer.TryComplete();
                }
                else
                {
                    var version = long.Parse(from, CultureInfo.InvariantCulture);
                    foreach (var (v, type, job) in _history)
                        if (v > version && Matches(job)) subscriber.Channel.Writer.TryWrite(Event(type, job));
                }

                if (query["allowWatchBookmarks"] == "true")
                    subscriber.Channel.Writer.TryWrite($"{{\"type\":\"BOOKMARK\",\"object\":{{\"kind\":\"Job\",\"apiVersion\":\"batch/v1\",\"metadata\":{{\"resourceVersion\":\"{Current()}\"}}}}}}\n");
                _subscribers.Add(subscriber);
            }

            context.Response.ContentType = "application/json";
            await context.Response.StartAsync();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            if (int.TryParse(query["timeoutSeconds"], out var seconds)) timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
            try
            {
                await foreach (var line in subscriber.Channel.Reader.ReadAllAsync(timeout.Token))
                {
                    await context.Response.WriteAsync(line, timeout.Token);
                    await context.Response.Body.FlushAsync(timeout.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // The watch's time is up, or the client went away.
            }
            finally
            {
                lock (_gate) _subscribers.Remove(subscriber);
            }

            return;
        }

        IResult list;
        lock (_gate)
            list = Json(new V1JobList { ApiVersion = "batch/v1", Kind = "JobList", Metadata = new V1ListMeta { ResourceVersion = Current() }, Items = _jobs.Values.Where(Matches).ToList() });
        await list.ExecuteAsync(context);
    }

    private static string Event(string type, V1Job job) => $"{{\"type\":\"{type}\",\"object\":{KubernetesJson.Serialize(job)}}}\n";

    private static string ErrorEvent(int code, string reason, string message) =>
        $"{{\"type\":\"ERROR\",\"object\":{JsonSerializer.Serialize(new { kind = "Status", apiVersion = "v1", metadata = new { }, status = "Failure", message, reason, code })}}}\n";

    private static IResult Json(object value, int status = 200) =>
        Results.Text(KubernetesJson.Serialize(value), "application/json", Encoding.UTF8, status);

    // KubernetesJson cannot write V1Status (its converter only reads): Status bodies are written by hand.
    private static IResult Status(int code, string status, string? reason = null, string? message = null, object? details = null) =>
        Results.Text(JsonSerializer.Serialize(new { kind = "Status", apiVersion = "v1", metadata = new { }, status, message, reason, details, code }), "application/json", Encoding.UTF8, code);

    private static IResult NotFound(string kind, string name) => Status(404, "Failure", "NotFound", $"{kind} \"{name}\" not found", new { name, kind });

    private static Dictionary<string, string> ParseSelector(string? selector) =>
        string.IsNullOrEmpty(selector)
            ? []
            : selector.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p.Length > 1 ? p[1].Trim() : "");

    private static bool Matches(IDictionary<string, string>? labels, Dictionary<string, string> selector) =>
        selector.All(kv => labels is not null && labels.TryGetValue(kv.Key, out var value) && value == kv.Value);

    public async ValueTask DisposeAsync()
    {
        DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record Subscriber(Func<V1Job, bool> Matches, Channel<string> Channel);
}
