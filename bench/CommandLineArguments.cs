using System.Globalization;

namespace Shop.Bench;

/// <summary>
/// Walks a command line for the bench's three commands (bench, chaos, soak): each option name, then
/// the value it takes, with one error message per kind of bad value.
/// </summary>
public sealed class CommandLineArguments(IReadOnlyList<string> args)
{
    private int _index = -1;

    /// <summary>The option (or scenario name) being read.</summary>
    public string Current => args[_index];

    public bool MoveNext() => ++_index < args.Count;

    /// <summary>The next argument, as the value of <see cref="Current"/>.</summary>
    public string Value()
    {
        var name = Current;
        return _index + 1 < args.Count ? args[++_index] : throw new ArgumentException($"{name} needs a value.");
    }

    /// <summary>A number greater than zero (invariant culture: "0.5", never "0,5").</summary>
    public double PositiveNumber() => Number(v => v > 0, "a positive number");

    /// <summary>Zero or more seconds.</summary>
    public double Seconds() => Number(v => v >= 0, "a number of seconds");

    /// <summary>A whole number greater than zero.</summary>
    public int PositiveInteger()
    {
        var name = Current;
        return int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : throw new ArgumentException($"{name} needs a positive number.");
    }

    private double Number(Func<double, bool> allowed, string what)
    {
        var name = Current;
        return double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && allowed(v)
            ? v : throw new ArgumentException($"{name} needs {what}.");
    }
}
