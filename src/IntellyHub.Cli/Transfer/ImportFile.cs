using System.IO.Compression;

namespace IntellyHub.Cli.Transfer;

/// <summary>
/// One definition file to import: a <c>.json</c> file, a <c>*.json</c> file below a folder, or a <c>*.json</c>
/// entry of a <c>.zip</c> archive. <see cref="Label"/> names it in messages the way the user wrote it.
/// </summary>
public sealed class ImportFile
{
    /// <summary>Files above this size are not definitions (and zip entries above it may be zip bombs).</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private readonly Func<CancellationToken, Task<byte[]>> _read;

    private ImportFile(string label, Func<CancellationToken, Task<byte[]>> read)
    {
        Label = label;
        _read = read;
    }

    /// <summary>The file as messages show it: the path as given, <c>folder/sub/x.json</c>, or <c>archive.zip:x.json</c>.</summary>
    public string Label { get; }

    /// <summary>The file's bytes; a file that cannot be read throws <see cref="IOException"/>.</summary>
    public Task<byte[]> ReadAsync(CancellationToken cancellationToken) => _read(cancellationToken);

    /// <summary>
    /// The files named by <paramref name="paths"/>, in order: a folder gives its <c>*.json</c> files (recursively, hidden
    /// ones skipped, sorted by path), a <c>.zip</c> archive its <c>*.json</c> entries (sorted by name), any other path
    /// the file itself. A missing path, an unreadable archive or a folder without JSON files is bad input.
    /// </summary>
    public static IReadOnlyList<ImportFile> Collect(IEnumerable<string> paths, CliEnvironment environment)
    {
        var files = new List<ImportFile>();
        foreach (var path in paths)
        {
            var fullPath = environment.FullPath(path);
            if (Directory.Exists(fullPath)) files.AddRange(FromFolder(path, fullPath));
            else if (!File.Exists(fullPath)) throw new CliInputException($"File or folder not found: '{path}'.");
            else if (fullPath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) files.AddRange(FromZip(path, fullPath));
            else files.Add(new ImportFile(path, cancellationToken => ReadFileAsync(fullPath, cancellationToken)));
        }

        return files;
    }

    private static IEnumerable<ImportFile> FromFolder(string path, string fullPath)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true };
        var found = Directory.EnumerateFiles(fullPath, "*.json", options)
            .Select(file => Path.GetRelativePath(fullPath, file))
            .Order(StringComparer.Ordinal)
            .Select(relative => new ImportFile(Path.Combine(path, relative), cancellationToken => ReadFileAsync(Path.Combine(fullPath, relative), cancellationToken)))
            .ToList();
        if (found.Count == 0) throw new CliInputException($"No *.json files in the folder '{path}'.");
        return found;
    }

    private static List<ImportFile> FromZip(string path, string fullPath)
    {
        try
        {
            using var archive = ZipFile.OpenRead(fullPath);
            var entries = archive.Entries
                .Where(entry => entry.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !IsHidden(entry.FullName))
                .OrderBy(entry => entry.FullName, StringComparer.Ordinal)
                .ToList();
            if (entries.Count == 0) throw new CliInputException($"No *.json files in the archive '{path}'.");

            var files = new List<ImportFile>();
            foreach (var entry in entries)
            {
                var label = $"{path}:{entry.FullName}";
                if (entry.Length > MaxBytes) throw new CliInputException($"'{label}' is larger than {MaxBytes / 1024 / 1024} MB.");
                using var stream = entry.Open();
                using var buffer = new MemoryStream((int)entry.Length);
                stream.CopyTo(buffer);
                var bytes = buffer.ToArray();
                files.Add(new ImportFile(label, _ => Task.FromResult(bytes)));
            }

            return files;
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"Cannot read the archive '{path}': {CliApplication.OneLine(exception.Message)}");
        }
    }

    // macOS archives carry "__MACOSX/" folders and "._name" resource files next to the real ones.
    private static bool IsHidden(string entryName) =>
        entryName.Split('/', '\\').Any(part => part.StartsWith('.') || part == "__MACOSX");

    private static async Task<byte[]> ReadFileAsync(string fullPath, CancellationToken cancellationToken)
    {
        if (new FileInfo(fullPath).Length > MaxBytes) throw new IOException($"the file is larger than {MaxBytes / 1024 / 1024} MB");
        return await File.ReadAllBytesAsync(fullPath, cancellationToken);
    }
}
