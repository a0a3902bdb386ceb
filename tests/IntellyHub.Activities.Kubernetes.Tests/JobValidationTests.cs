using IntellyHub.Activities.Kubernetes.Jobs;
using IntellyHub.Activities.Kubernetes.Tests.Testing;
using IntellyHub.Workflows.Execution;
using IntellyHub.Workflows.Serialization;
using IntellyHub.Workflows.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace IntellyHub.Activities.Kubernetes.Tests;

/// <summary>Bad input is rejected before anything reaches the cluster, with a message naming the input.</summary>
public sealed class JobValidationTests
{
    public static TheoryData<string, string, string, string> BadInputs => new()
    {
        { "Image", "String", "", "Input 'Image' is empty" },
        { "CpuRequest", "String", "2 cores", "Input 'CpuRequest' ('2 cores') is not a Kubernetes quantity" },
        { "MemoryLimit", "String", "lots", "Input 'MemoryLimit' ('lots') is not a Kubernetes quantity" },
        { "Namespace", "String", "Team_A!", "Input 'Namespace' ('Team_A!') is not a valid namespace name" },
        { "ImagePullPolicy", "String", "Sometimes", "Input 'ImagePullPolicy' ('Sometimes') must be one of" },
        { "SecretEnvironment", "StringDictionary", "{\"TOKEN\":\"no-key\"}", "Input 'SecretEnvironment': the value of 'TOKEN' must be 'secret-name/key'" },
        { "Labels", "StringDictionary", "{\"intellyhub.io/workflow-instance-id\":\"x\"}", "Input 'Labels': 'intellyhub.io/workflow-instance-id' is set by IntellyHub" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task A_literal_bad_input_fails_validation_of_the_definition(string input, string typeName, string value, string expected)
    {
        await using var scenario = await Scenario.StartAsync();
        var host = await scenario.StartHostAsync(watch: false);
        var activity = input == "Image"
            ? JobActivityJson.With(("Image", "String", value))
            : JobActivityJson.With(("Image", "String", "busybox"), (input, typeName, value));
        var definition = host.Services.GetRequiredService<WorkflowDefinitionSerializer>().Parse(Flow(activity));

        var problems = host.Services.GetRequiredService<WorkflowValidator>().Validate(definition);

        Assert.Contains(problems, p => p.ActivityId == "job" && p.Message.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(scenario.Api.Requests);
    }

    [Theory]
    [InlineData("cpuRequest", "'2 ' + 'cores'", "Input 'CpuRequest' ('2 cores') is not a Kubernetes quantity")]
    [InlineData("image", "''", "Input 'Image' is empty")]
    [InlineData("namespace", "'Not/A/Namespace'", "Input 'Namespace' ('Not/A/Namespace') is not a valid namespace name")]
    [InlineData("namespace", "'kube-system'", "Input 'Namespace' ('kube-system') is not one of the namespaces this server runs Jobs in")]
    public async Task A_bad_value_computed_at_run_time_faults_the_activity_before_any_request(string input, string script, string expected)
    {
        await using var scenario = await Scenario.StartAsync();
        var host = await scenario.StartHostAsync(watch: false);
        var image = input == "image" ? "" : """ "image": { "typeName": "String", "expression": { "type": "Literal", "value": "busybox" } }, """;
        var activity = $$"""
            { "type": "IntellyHub.RunKubernetesJob", "version": 1, "id": "job", {{image}}
              "{{input}}": { "typeName": "String", "expression": { "type": "JavaScript", "value": "{{script}}" } } }
            """;

        var run = await host.StartAsync("k8s-bad-" + input, activity);

        Assert.Equal(WorkflowSubStatus.Faulted, run.SubStatus);
        Assert.Contains(expected, Assert.Single(run.Incidents).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(scenario.Api.Requests, r => r.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal(0, scenario.Api.JobsCreated);
    }

    [Fact]
    public async Task Without_kubernetes_enabled_the_activity_faults_saying_so()
    {
        await using var scenario = await Scenario.StartAsync();
        await using var host = await KubernetesTestHost.CreateAsync(scenario.Database.CreateRuntimeDatabase(), scenario.Api, configure: o => o.Enabled = false);

        var run = await host.StartAsync("k8s-disabled", JobActivityJson.Shell("true"));

        Assert.Equal(WorkflowSubStatus.Faulted, run.SubStatus);
        Assert.Contains("Kubernetes is not enabled on this server (IntellyHub:Kubernetes:Enabled)", Assert.Single(run.Incidents).Message, StringComparison.Ordinal);
        Assert.Empty(scenario.Api.Requests);
    }

    [Fact]
    public void Good_values_pass_and_build_the_job_they_describe()
    {
        var request = new JobRequest
        {
            Image = "registry.example.com/tools/report:1.2",
            Command = ["report"],
            Args = ["--month", "11"],
            Environment = new Dictionary<string, string> { ["MODE"] = "full" },
            SecretEnvironment = new Dictionary<string, string> { ["DB_PASSWORD"] = "reporting-db/password" },
            Namespace = "team-a",
            CpuRequest = "250m", CpuLimit = "1", MemoryRequest = "128Mi", MemoryLimit = "1Gi",
            ServiceAccount = "reporter", ImagePullPolicy = "IfNotPresent",
            ActiveDeadline = TimeSpan.FromMinutes(10), BackoffLimit = 2, TtlAfterFinished = TimeSpan.FromHours(1),
            Labels = new Dictionary<string, string> { ["team"] = "a" },
            NodeSelector = new Dictionary<string, string> { ["kubernetes.io/arch"] = "amd64" },
        };

        Assert.Empty(request.Validate(complete: true, ["team-a"]));
        var job = request.ToJob("ih-report-0123456789ab", "team-a", new Dictionary<string, string> { [JobLabels.ManagedBy] = JobLabels.ManagedByValue });
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        Assert.Equal("main", container.Name);
        Assert.Equal("250m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("1Gi", container.Resources.Limits["memory"].ToString());
        var secret = container.Env.Single(e => e.Name == "DB_PASSWORD").ValueFrom.SecretKeyRef;
        Assert.Equal(("reporting-db", "password"), (secret.Name, secret.Key));
        Assert.Null(container.Env.Single(e => e.Name == "DB_PASSWORD").Value);
        Assert.Equal(600, job.Spec.ActiveDeadlineSeconds);
        Assert.Equal(2, job.Spec.BackoffLimit);
        Assert.Equal(3600, job.Spec.TtlSecondsAfterFinished);
        Assert.Equal("a", job.Metadata.Labels["team"]);
        Assert.Equal(JobLabels.ManagedByValue, job.Spec.Template.Metadata.Labels[JobLabels.ManagedBy]);
        Assert.Equal("amd64", job.Spec.Template.Spec.NodeSelector["kubernetes.io/arch"]);
        Assert.Equal("reporter", job.Spec.Template.Spec.ServiceAccountName);
    }

    [Fact]
    public void A_request_above_its_limit_is_rejected()
    {
        var problems = new JobRequest { Image = "busybox", CpuRequest = "2", CpuLimit = "500m" }.Validate(complete: true);
        Assert.Contains("Input 'CpuRequest' (2) is more than input 'CpuLimit' (500m).", problems);
    }

    [Fact]
    public void Job_names_are_deterministic_valid_dns_labels()
    {
        var name = JobLabels.JobName("0123456789abcdef", "fedcba9876543210", "Run Report_Job#1 with a rather long activity id indeed");
        Assert.Equal(name, JobLabels.JobName("0123456789abcdef", "fedcba9876543210", "Run Report_Job#1 with a rather long activity id indeed"));
        Assert.NotEqual(name, JobLabels.JobName("0123456789abcdef", "another-execution", "Run Report_Job#1 with a rather long activity id indeed"));
        Assert.Matches("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", name);
        Assert.StartsWith("ih-run-report-job-1-", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_delays_double_up_to_the_maximum()
    {
        var options = new KubernetesOptions { RetryDelay = TimeSpan.FromSeconds(5), MaxRetryDelay = TimeSpan.FromMinutes(1) };
        Assert.Equal([5, 10, 20, 40, 60, 60], Enumerable.Range(1, 6).Select(a => JobSubmission.Backoff(options, a).TotalSeconds));
    }

    private static string Flow(string activity) => $$"""
        { "definitionId": "k8s-validate", "name": "k8s-validate",
          "root": { "type": "Elsa.Flowchart", "version": 1, "id": "flowchart1", "activities": [ {{activity}} ], "connections": [] } }
        """;
}
