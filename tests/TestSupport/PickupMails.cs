namespace Shop.TestSupport;

/// <summary>The e-mails a silo's pickup folder holds (one .eml file per Message-Id), as a test reads them.</summary>
public static class PickupMails
{
    /// <summary>The texts of the files matching <paramref name="pattern"/> addressed to <paramref name="email"/>; none while the folder does not exist yet.</summary>
    public static string[] To(string directory, string email, string pattern = "*.eml") =>
        Directory.Exists(directory)
            ? [.. Directory.GetFiles(directory, pattern).Select(File.ReadAllText).Where(m => m.Contains(email, StringComparison.OrdinalIgnoreCase))]
            : [];
}
