using System.Diagnostics;
using System.Text.RegularExpressions;
using Shop.TestSupport;

namespace Shop.Bench.Tests;

/// <summary>
/// Every relative link in the repository's Markdown files leads somewhere (issue 15, point 9: no
/// dangling links): the file or folder a link names exists, and a <c>#anchor</c> names a heading of
/// its target by GitHub's rules. External (http, https, mailto and any other scheme) links are not
/// checked. Needs no cluster and no network.
/// </summary>
public sealed partial class DocumentationLinkTests
{
    [Fact]
    public void Every_relative_link_in_the_markdown_files_names_an_existing_file_and_heading()
    {
        var root = RepositoryLayout.Root;
        var files = MarkdownFiles(root);
        Assert.Contains("README.md", files);

        var broken = new List<string>();
        var anchorsByFile = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        HashSet<string> AnchorsOf(string path) =>
            anchorsByFile.TryGetValue(path, out var known) ? known : anchorsByFile[path] = Anchors(File.ReadAllText(path));

        foreach (var file in files)
        {
            var path = Path.Combine(root, file);
            foreach (var (line, target) in Links(File.ReadAllText(path)))
            {
                if (IsExternal(target))
                {
                    continue;
                }

                var hash = target.IndexOf('#');
                var targetPath = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                var anchor = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
                var resolved = targetPath.Length == 0
                    ? path
                    : Path.GetFullPath(targetPath.StartsWith('/')
                        ? Path.Combine(root, targetPath.TrimStart('/'))
                        : Path.Combine(Path.GetDirectoryName(path)!, targetPath));

                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                {
                    broken.Add($"{file}:{line}: ({target}): {Path.GetRelativePath(root, resolved)} does not exist");
                }
                else if (anchor is { Length: > 0 } && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                         && !AnchorsOf(resolved).Contains(anchor.ToLowerInvariant()))
                {
                    broken.Add($"{file}:{line}: ({target}): {Path.GetRelativePath(root, resolved)} has no heading '#{anchor}'");
                }
            }
        }

        Assert.True(broken.Count == 0, $"{broken.Count} dangling link(s) in {files.Count} Markdown files:\n{string.Join("\n", broken)}");
    }

    [Theory]
    [InlineData("Durable mode (PostgreSQL)", "durable-mode-postgresql")]
    [InlineData("Reliability: chaos and soak", "reliability-chaos-and-soak")]
    [InlineData("OWASP API Security Top 10 (2023) mapping", "owasp-api-security-top-10-2023-mapping")]
    [InlineData("Issue 14, second pass: what a profile found (2026-12-02)", "issue-14-second-pass-what-a-profile-found-2026-12-02")]
    [InlineData("`Shop:Streams` and snake_case", "shopstreams-and-snake_case")]
    [InlineData("A [linked](other.md) heading", "a-linked-heading")]
    public void Headings_get_GitHubs_anchors(string heading, string anchor) => Assert.Equal(anchor, Slug(heading));

    [Fact]
    public void The_parser_finds_links_outside_code_and_the_anchors_of_repeated_headings()
    {
        const string markdown = """
            # Title
            See [a](a.md), [b](b.md#part "title") and ![img](<pics/x y.png>).
            `[not](code.md)`
            ```
            [not](fenced.md)
            ```
            [ref]: c.md
            ## Part
            ## Part
            """;
        Assert.Equal(["a.md", "b.md#part", "pics/x y.png", "c.md"], Links(markdown).Select(l => l.Target));
        Assert.Equal(["part", "part-1", "title"], Anchors(markdown).Order(StringComparer.Ordinal));
    }

    /// <summary>The tracked Markdown files (git ls-files), or, outside a git checkout, every one below the root but build output.</summary>
    private static List<string> MarkdownFiles(string root)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "ls-files", "-z", "--", "*.md" })
            {
                start.ArgumentList.Add(arg);
            }

            using var git = Process.Start(start)!;
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            if (git.ExitCode == 0)
            {
                return output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(Path.Combine(root, f))).Order(StringComparer.Ordinal).ToList();
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No git on this machine: walk the folders instead.
        }

        string[] skipped = ["bin", "obj", "TestResults", "node_modules", ".git", ".data"];
        return Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => skipped.Contains(part)))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsExternal(string target) => SchemeRegex().IsMatch(target);

    /// <summary>The targets of inline links and images (<c>[text](target)</c>) and of reference definitions, outside code, with their line numbers.</summary>
    internal static IEnumerable<(int Line, string Target)> Links(string markdown)
    {
        var inFence = false;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var text = CodeSpanRegex().Replace(line, "");
            foreach (Match match in InlineLinkRegex().Matches(text))
            {
                yield return (i + 1, match.Groups["angle"].Success ? match.Groups["angle"].Value : match.Groups["plain"].Value);
            }

            if (ReferenceDefinitionRegex().Match(text) is { Success: true } definition)
            {
                yield return (i + 1, definition.Groups["target"].Value);
            }
        }
    }

    /// <summary>The anchors GitHub gives the file's headings (a repeated heading gets -1, -2, ...).</summary>
    internal static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inFence = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence || HeadingRegex().Match(line) is not { Success: true } heading)
            {
                continue;
            }

            var slug = Slug(heading.Groups["text"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++)
            {
                unique = $"{slug}-{n}";
            }
        }

        return anchors;
    }

    /// <summary>GitHub's heading anchor: the text of links kept, lowercase, punctuation but '-' and '_' dropped, each space a '-'.</summary>
    internal static string Slug(string heading)
    {
        var text = HeadingLinkRegex().Replace(heading.Trim(), "${text}").ToLowerInvariant();
        var slug = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_')
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex SchemeRegex();

    [GeneratedRegex(@"`+[^`]*`+")]
    private static partial Regex CodeSpanRegex();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(?:<(?<angle>[^>]*)>|(?<plain>[^\s()]+))(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLinkRegex();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*(?<target>\S+)")]
    private static partial Regex ReferenceDefinitionRegex();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex HeadingRegex();

    [GeneratedRegex(@"!?\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex HeadingLinkRegex();
}
