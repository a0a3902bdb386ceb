using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IntellyHub.Activities.Kubernetes.Tests.FakeKubernetes;
using IntellyHub.Cli;
using IntellyHub.Runtime.Dispatch;
using IntellyHub.Server.Security;
using IntellyHub.Server.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;
using static IntellyHub.Server.Tests.WorkflowApi.StudioModels;

namespace IntellyHub.Server.Tests.Kubernetes;

/// <summary>
/// <c>IntellyHub.RunWorkflowInKubernetes</c> through the real server: the parent creates a Job (on the fake Kubernetes
/// API) that runs <c>intellyhub run-remote</c>; here the test plays the pod and runs the tool with the Job's environment
/// against the server. The tool reads the child's definition and posts its result with the one-time token, which
/// resumes the parent with the child's output. Queue workers are off: the test runs the queued resume.
/// </summary>
public sealed class RunWorkflowInKubernetesTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly FakeKubernetesApi _kubernetes = new();
    private ServerFactory _server = null!;
    private HttpClient _editor = null!;

    public async Task InitializeAsync()
    {
        await _kubernetes.StartAsync();
        _server = ServerFactory.Sqlite(_folder.Path,
            ("IntellyHub:Runtime:RunBackgroundServices", "false"),
            ("IntellyHub:Kubernetes:Enabled", "true"),
            ("IntellyHub:Kubernetes:Connection", "KubeConfig"),
            ("IntellyHub:Kubernetes:KubeConfigPath", _kubernetes.KubeConfigPath),
            ("IntellyHub:Kubernetes:ExecutorImage", "registry.example.com/intellyhub/server:1.0"),
            ("IntellyHub:Kubernetes:CallbackUrl", "http://localhost"));
        _editor = await _server.CreateClientAsync(Roles.Editor);
    }

    public async Task DisposeAsync()
    {
        _server.Dispose();
        await _kubernetes.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_child_runs_in_the_job_and_its_output_resumes_the_parent_once()
    {
        await _editor.SaveAsync(Flow("greet-child", """
            { "type": "Elsa.SetOutput", "version": 1, "id": "out",
              "outputName": { "typeName": "String", "expression": { "type": "Literal", "value": "greeting" } },
              "outputValue": { "typeName": "Object", "expression": { "type": "JavaScript", "value": "'Hello, ' + getInput('name')" } } }
            """), publish: true);
        await _editor.SaveAsync(Flow("greet-parent", """
            { "type": "IntellyHub.RunWorkflowInKubernetes", "version": 1, "id": "remote",
              "workflowDefinitionId": { "typeName": "String", "expression": { "type": "Literal", "value": "greet-child" } },
              "workflowInput": { "typeName": "ObjectDictionary", "expression": { "type": "Object", "value": "{\"name\":\"Ada\"}" } },
              "memoryLimit": { "typeName": "String", "expression": { "type": "Literal", "value": "256Mi" } } }
            """), publish: true);

        var started = await _editor.PostJsonAsync("/workflow-definitions/greet-parent/execute", new JsonObject());
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var instanceId = Assert.Single(started.Headers.GetValues("x-elsa-workflow-instance-id"));
        Assert.Equal("Suspended", (await started.ReadObjectAsync())["workflowState"].Text("subStatus"));

        // The Job: IntellyHub's image running the tool, told where the server is, what to run, and the token.
        var job = _kubernetes.SingleJob;
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal("registry.example.com/intellyhub/server:1.0", container.Image);
        Assert.Equal(["intellyhub", "run-remote"], container.Command);
        Assert.Equal("256Mi", container.Resources.Limits["memory"].ToString());
        var environment = container.Env.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("greet-child", environment["INTELLYHUB_DEFINITION_ID"]);
        Assert.True(environment["INTELLYHUB_RUN_TOKEN"].Length >= 40);

        // The token is not in the parent's stored state (only its hash is, in the bookmark).
        var state = await (await _editor.GetAsync($"{Api}/workflow-instances/{instanceId}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(environment["INTELLYHUB_RUN_TOKEN"], state, StringComparison.Ordinal);

        var run = await RunToolAsync(environment);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("\"greeting\": \"Hello, Ada\"", run.Output, StringComparison.Ordinal);
        await RunQueueAsync();

        var instance = await (await _editor.GetAsync($"{Api}/workflow-instances/{instanceId}")).ReadObjectAsync();
        Assert.Equal("Finished", instance["workflowState"].Text("subStatus"));
        var executions = await (await _editor.GetAsync($"{Api}/activity-executions/list?workflowInstanceId={instanceId}&activityNodeId=Workflow1:flowchart1:remote")).Content.ReadAsStringAsync();
        Assert.Contains("Hello, Ada", executions, StringComparison.Ordinal);
        Assert.Contains("Succeeded", executions, StringComparison.Ordinal);

        // The token worked once: a second delivery (or a read) is refused.
        var again = await RunToolAsync(environment);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("run token is missing, unknown or already used", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_or_missing_token_is_401_problem_details()
    {
        var anonymous = _server.CreateClient();
        var missing = await anonymous.GetAsync("/api/kubernetes/runs/greet-child/definition");
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/kubernetes/runs/greet-child/result")
        {
            Content = JsonContent.Create(new { subStatus = "Finished" }),
        };
        wrong.Headers.Add("X-IntellyHub-Run-Token", new string('x', 43));
        var posted = await anonymous.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, posted.StatusCode);
        Assert.Equal("application/problem+json", posted.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_bad_quantity_is_refused_at_publish_naming_the_input()
    {
        var response = await _editor.PostAsJsonAsync($"{Api}/workflow-definitions", SaveRequest(Flow("bad-quantity", """
            { "type": "IntellyHub.RunKubernetesJob", "version": 1, "id": "job",
              "image": { "typeName": "String", "expression": { "type": "Literal", "value": "busybox" } },
              "cpuRequest": { "typeName": "String", "expression": { "type": "Literal", "value": "2 cores" } } }
            """), publish: true));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Input 'CpuRequest' ('2 cores') is not a Kubernetes quantity", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_kubernetes.Jobs);
    }

    private async Task<(int ExitCode, string Output)> RunToolAsync(Dictionary<string, string> environment)
    {
        var cli = new CliEnvironment
        {
            CreateHttpHandler = () => _server.Server.CreateHandler(),
            GetEnvironmentVariable = name => environment.GetValueOrDefault(name),
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApplication.RunAsync(["run-remote"], stdout, stderr, cli);
        return (exitCode, stdout + stderr.ToString());
    }

    private async Task RunQueueAsync()
    {
        var worker = _server.Services.GetRequiredService<DispatchWorker>();
        for (var i = 0; i < 20 && await worker.ProcessBatchAsync(CancellationToken.None) > 0; i++) { }
    }

    private static JsonObject Flow(string definitionId, string activity) => JsonNode.Parse($$"""
        { "definitionId": "{{definitionId}}", "name": "{{definitionId}}", "version": 1,
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1", "activities": [ {{activity}} ], "connections": [] } }
        """)!.AsObject();
}
