namespace IntellyHub.Cli.Tests;

/// <summary>A file in a fresh temporary folder, deleted with the folder on dispose.</summary>
public sealed class TempFile : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("intellyhub-cli-tests-");

    public TempFile(string content, string fileName = "definition.json")
    {
        Path = System.IO.Path.Combine(_folder.FullName, fileName);
        File.WriteAllText(Path, content);
    }

    public string Path { get; }

    public void Dispose() => _folder.Delete(recursive: true);
}
