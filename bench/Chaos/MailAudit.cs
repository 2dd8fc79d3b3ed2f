using System.Text.RegularExpressions;

namespace Shop.Bench.Chaos;

/// <summary>The confirmation e-mails in the pickup folder (one .eml file per message sent), counted per order.</summary>
public static partial class MailAudit
{
    [GeneratedRegex(@"^Subject: Your order (?<id>[0-9a-f]{32}) is confirmed", RegexOptions.Multiline)]
    private static partial Regex ConfirmationSubject();

    public static Dictionary<Guid, int> ConfirmationsPerOrder(string folder)
    {
        var counts = new Dictionary<Guid, int>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
        {
            var match = ConfirmationSubject().Match(File.ReadAllText(file));
            if (match.Success)
            {
                var id = Guid.ParseExact(match.Groups["id"].Value, "N");
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }

        return counts;
    }
}
