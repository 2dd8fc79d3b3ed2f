using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Shop.Gateway.Tests.OpenApi;

/// <summary>
/// The served OpenAPI document checked by an outside linter, Redocly's "recommended" rules, as a
/// client generator or an API portal would read it. Needs Node's npx (CI installs it; elsewhere the
/// test is skipped without it, and fails under CI=true).
/// </summary>
[Collection(GatewayCollection.Name)]
[Trait(TestTraits.Needs, TestTraits.Node)]
public sealed class RedoclyLintTests(GatewayFixture fixture)
{
    /// <summary>
    /// Pinned: a new linter release may add rules, which should be a change we make, not one that
    /// happens to us. Redocly 2 needs Node 20.19 or later; Debian 12's own Node is 18, where the
    /// last 1.x runs (both pass the document with the same JSON report).
    /// </summary>
    private static string Linter(Version node) =>
        node.Major >= 22 || (node.Major == 20 && node.Minor >= 19) ? "@redocly/cli@2.77.0" : "@redocly/cli@1.34.20";

    [Fact]
    public async Task The_openapi_document_passes_the_Redocly_recommended_lint_without_errors_or_warnings()
    {
        Assert.SkipWhen(FindOnPath("npx") is null && !PostgresBinaries.IsCi, "npx (Node.js) is not installed; CI installs it and runs this test.");

        var response = await Api.Anonymous(fixture.Gateway).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var folder = Directory.CreateTempSubdirectory("shop-openapi-");
        try
        {
            var document = Path.Combine(folder.FullName, "openapi.json");
            await File.WriteAllTextAsync(document, await response.Content.ReadAsStringAsync());
            // For reading the document as the linter saw it (e.g. after a failure).
            if (Environment.GetEnvironmentVariable("SHOP_OPENAPI_COPY") is { Length: > 0 } copy)
            {
                File.Copy(document, copy, overwrite: true);
            }

            var (_, nodeVersion) = await Run("node", "--version");
            var (exitCode, output) = await Run("npx", "--yes", Linter(Version.Parse(nodeVersion.Trim().TrimStart('v'))), "lint", document, "--extends=recommended", "--format=json");

            // The JSON report is on stdout; the human-readable summary (and Node's notices) go to stderr.
            var report = JsonDocument.Parse(output[output.IndexOf('{')..]).RootElement;
            var totals = report.GetProperty("totals");
            var problems = report.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()} " +
                             $"at {string.Join(", ", p.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString()))}");
            Assert.True(totals.GetProperty("errors").GetInt32() == 0 && totals.GetProperty("warnings").GetInt32() == 0 && exitCode == 0,
                $"redocly lint (exit {exitCode}):\n{string.Join("\n", problems)}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No telemetry or update checks from the linter: CI reaches package registries only.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        return (process.ExitCode, output.Contains('{') ? output : output + await stderr);
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program)).FirstOrDefault(File.Exists);
}
