using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Shop.Bench.CommandLine;

/// <summary>
/// The kinds of option value the bench's commands take, each parsed in the invariant culture ("0.5",
/// never "0,5") and refused with one message that names the option, so a typo fails the parse instead
/// of starting a run of minutes with a value nobody meant.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>A whole number greater than zero (or at least <paramref name="minimum"/>).</summary>
    public static Option<int> PositiveInteger(string name, string helpName, int defaultValue, string description, int minimum = 1) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => TryInteger(result, out var v) && v >= minimum
                ? v
                : Refuse<int>(result, minimum == 1 ? $"{name} needs a positive number." : $"{name} needs a whole number of at least {minimum}."),
        };

    /// <summary>Any whole number, negative too, with no default (absent: the command picks one).</summary>
    public static Option<int?> OptionalInteger(string name, string helpName, string description) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = result => TryInteger(result, out var v) ? v : Refuse<int?>(result, $"{name} needs a whole number."),
        };

    /// <summary>A number greater than zero.</summary>
    public static Option<double> PositiveNumber(string name, string helpName, double defaultValue, string description) =>
        Number(name, helpName, defaultValue, description, v => v > 0, "a positive number");

    /// <summary>Zero or more seconds.</summary>
    public static Option<double> Seconds(string name, double defaultValue, string description) =>
        Number(name, "S", defaultValue, description, v => v >= 0, "a number of seconds");

    /// <summary>A number greater than zero with no default: absent means the product's own setting.</summary>
    public static Option<double?> OptionalPositiveNumber(string name, string helpName, string description) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            CustomParser = result => TryNumber(result, out var v) && v > 0 ? v : Refuse<double?>(result, $"{name} needs a positive number."),
        };

    /// <summary>The report folder: bench/results in the repository unless told otherwise.</summary>
    public static Option<string> Output() =>
        new("--out")
        {
            HelpName = "DIR",
            Description = "report folder",
            DefaultValueFactory = _ => Path.Combine(RepositoryLayout.Root, "bench", "results"),
        };

    private static Option<double> Number(string name, string helpName, double defaultValue, string description, Func<double, bool> allowed, string what) =>
        new(name)
        {
            HelpName = helpName,
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => TryNumber(result, out var v) && allowed(v) ? v : Refuse<double>(result, $"{name} needs {what}."),
        };

    private static bool TryInteger(ArgumentResult result, out int value) =>
        int.TryParse(Single(result), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool TryNumber(ArgumentResult result, out double value) =>
        double.TryParse(Single(result), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    // The parser has already checked the arity (one value per option), so there is exactly one token.
    private static string Single(ArgumentResult result) => result.Tokens[0].Value;

    private static T Refuse<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
