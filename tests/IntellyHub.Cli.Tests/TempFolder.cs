namespace IntellyHub.Cli.Tests;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("intellyhub-cli-tests-");

    public string Path => _folder.FullName;

    /// <summary>Writes <paramref name="content"/> to <paramref name="relativePath"/> (folders created) and returns the full path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
