#pragma warning disable EF1001 // The EF design-time operations are what `dotnet ef dbcontext optimize` runs.
using System.Reflection;
using System.Text.RegularExpressions;
using IntellyHub.Platform.Persistence;
using Microsoft.EntityFrameworkCore.Design.Internal;

namespace IntellyHub.Server.Tests.Security;

/// <summary>
/// Each provider's compiled platform model (<c>src/IntellyHub.Platform/CompiledModel/&lt;provider&gt;</c>, used at run time
/// instead of building the model) must be what <c>dotnet ef dbcontext optimize</c> generates from the current
/// <c>OnModelCreating</c> and EF version.
/// </summary>
public sealed partial class PlatformCompiledModelTests
{
    [Theory]
    [InlineData(typeof(SqlitePlatformDbContext), "Sqlite")]
    [InlineData(typeof(PostgreSqlPlatformDbContext), "PostgreSql")]
    public void CompiledModel_IsCurrent(Type context, string provider)
    {
        var assembly = context.Assembly;
        var name = assembly.GetName().Name!;
        var projectDir = Path.Combine(SourceRoot, "src", name);
        var committed = Path.Combine(projectDir, "CompiledModel", provider);
        var generated = Path.Combine(Path.GetTempPath(), "ih-tests", "platform-compiled-model-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The same call, with the same arguments, as the tool in the platform's add-migration.sh.
            new DbContextOperations(new OperationReporter(null), assembly, assembly, Path.Combine(projectDir, name + ".csproj"), projectDir,
                    rootNamespace: name, language: "C#", nullable: true, args: [])
                .Optimize(generated, $"{name}.CompiledModel.{provider}", context.Name, suffix: null, scaffoldModel: true, precompileQueries: false, nativeAot: false);

            var fix = $"The {provider} platform compiled model is not current: run `bash src/IntellyHub.Platform/add-migration.sh --compiled-model`.";
            Assert.True(Directory.Exists(committed), fix);
            Assert.Equal(FileNames(generated), FileNames(committed));
            foreach (var file in FileNames(generated))
                Assert.True(Normalize(Path.Combine(generated, file)) == Normalize(Path.Combine(committed, file)), $"{fix} ({file} differs)");
        }
        finally
        {
            if (Directory.Exists(generated)) Directory.Delete(generated, recursive: true);
        }
    }

    /// <summary>The repository (recorded at build time, so the test finds the sources wherever it was built to).</summary>
    private static string SourceRoot => typeof(PlatformCompiledModelTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SourceRoot").Value!;

    private static string[] FileNames(string folder) => [.. Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>The text without what differs between two runs of the tool on the same model: the random model id, line endings.</summary>
    private static string Normalize(string file) => ModelId().Replace(File.ReadAllText(file), "modelId: new Guid(\"\")").ReplaceLineEndings("\n");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]+"\)""")]
    private static partial Regex ModelId();
}
