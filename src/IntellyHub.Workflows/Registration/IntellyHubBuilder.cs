using System.Reflection;
using IntellyHub.Workflows.Activities;
using IntellyHub.Workflows.Expressions;
using IntellyHub.Workflows.Expressions.JavaScript;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntellyHub.Workflows.Registration;

/// <summary>Configures IntellyHub in a service collection: activities, expression syntaxes, options.</summary>
public sealed class IntellyHubBuilder
{
    internal IntellyHubBuilder(IServiceCollection services)
    {
        Services = services;
        Activities = new ActivityRegistry().AddFrom(typeof(IntellyHubBuilder).Assembly);
    }

    public IServiceCollection Services { get; }

    /// <summary>The activity types this host knows (the built-ins are registered already).</summary>
    public ActivityRegistry Activities { get; }

    /// <summary>JavaScript limits.</summary>
    public JavaScriptOptions JavaScript { get; } = new();

    /// <summary>Registers every activity class in an assembly.</summary>
    public IntellyHubBuilder AddActivitiesFrom(Assembly assembly)
    {
        Activities.AddFrom(assembly);
        return this;
    }

    /// <summary>Registers every activity class in the assembly of <typeparamref name="TMarker"/>.</summary>
    public IntellyHubBuilder AddActivitiesFrom<TMarker>() => AddActivitiesFrom(typeof(TMarker).Assembly);

    /// <summary>Registers one activity class.</summary>
    public IntellyHubBuilder AddActivity<TActivity>() where TActivity : Activity
    {
        Activities.Add<TActivity>();
        return this;
    }

    /// <summary>Adds an expression syntax.</summary>
    public IntellyHubBuilder AddExpressionEvaluator<TEvaluator>() where TEvaluator : class, IExpressionEvaluator
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExpressionEvaluator, TEvaluator>());
        return this;
    }

    /// <summary>Changes the JavaScript limits.</summary>
    public IntellyHubBuilder ConfigureJavaScript(Action<JavaScriptOptions> configure)
    {
        configure(JavaScript);
        return this;
    }
}
