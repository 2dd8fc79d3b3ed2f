using System.Text;
using CsCheck;

namespace Shop.Gateway.Tests.Fuzzing;

/// <summary>The value a poisoned field gets (null: the field is left out), and why the request is then invalid.</summary>
public readonly record struct Poison(string Field, string? Json, string Why);

/// <summary>
/// JSON object bodies made of <see cref="BodyField"/>s, and whole-body malformations. The one rule that
/// keeps the fuzz honest: nothing added as noise can heal a poison. A poisoned field is only ever
/// duplicated with another poison, a left-out field never comes back, and unknown members never share
/// a name (in any case) with a real one.
/// </summary>
public static class JsonBodies
{
    private static readonly string[] UnknownNames =
        ["id", "userId", "role", "roles", "isAdmin", "__proto__", "constructor", "$type", "$id", "$ref", "reserved", "total",
         "status", "createdAt", "e-mail", "n\u00E4me", "", " ", "\u0000", "a.b", "items[0]"];

    /// <summary>One of the fields' poisons (or a required field left out).</summary>
    public static Gen<Poison> FieldPoison(params BodyField[] fields) => Gen.OneOf(fields.SelectMany(f =>
        new[] { f.Poison.Select(p => new Poison(f.Name, p.Json, $"{f.Name}: {p.Why}")) }
            .Concat(f.Required ? [Gen.Const(new Poison(f.Name, null, $"{f.Name}: missing"))] : [])).ToArray());

    /// <summary>An object of the fields, with the poison applied when there is one, and noise around it.</summary>
    public static Gen<string> Object(BodyField[] fields, Poison? poison) =>
        from members in Sequence(fields.Select(f => Members(f, poison)))
        from extras in Sequence(Enumerable.Repeat(Extra, 3)).Select(e => e.Where(m => m is not null).Select(m => m!.Value))
        from order in Gen.Int[0, int.MaxValue]
        from space in Gen.OneOf("", "", "", " ", "\n\t", "\r\n  ")
        select Write([.. members.SelectMany(m => m), .. extras], order, space);

    /// <summary>A body that no reader turns into the request's object, whatever its members are.</summary>
    public static Gen<(string Json, string Why)> Mangled(string json) => Gen.Frequency(
        (3, Gen.Int[0, Math.Max(0, json.Length - 2)].Select(n => (json[..n], n == 0 ? "empty body" : "truncated"))),
        (2, Gen.OneOf("x", "}", ",", "{}", "\0", "]", "//", "\"", " null").Select(tail => (json + tail, "trailing garbage"))),
        (2, Gen.OneOf("[" + json + "]", "[]", "[[]]", "[{}]", "null", "\"" + json.Replace("\"", "\\\"") + "\"", "42", "true", "-0", "1e400")
            .Select(v => (v, "not an object"))),
        (2, Gen.OneOf("/* comment */" + json, json.Insert(1, "// comment\n"), json.Replace("\"", "'"), json.Replace(":", "="),
                json.TrimEnd('}') + ",}", "\uFEFF\uFEFF" + json)
            .Where(v => v != json).Select(v => (v, "not JSON (comments, quotes, trailing comma, two BOMs)"))),
        (2, Gen.OneOf("'; DROP TABLE users; --", "<?xml version=\"1.0\"?><order/>", "email=a%40b.c&password=x", "--boundary\r\n",
                "\u0000\u0000\u0000", "undefined", "{", "}", "{\"a\":}", "{,}", "{\"a\" \"b\"}", "{1:2}", "NaN")
            .Select(v => (v, "not JSON at all"))),
        (2, HostileJson.DepthBomb.Select(v => (v, "nested deeper than 64"))),
        (1, HostileJson.DepthBomb.Select(v => ("{\"deep\":" + v + "," + json.TrimStart('{'), "a member nested deeper than 64"))));

    /// <summary>
    /// The JSON bytes and Content-Type as sent, with encoding tricks that cannot turn an invalid body valid.
    /// Bytes that are not UTF-8 stay as they are: re-encoding them (or declaring a single-byte charset) would
    /// turn them into legal characters and heal the poison.
    /// </summary>
    public static Gen<(byte[] Body, string ContentType, string Encoding)> Encoded(string json)
    {
        var utf8 = WireText.ToBytes(json);
        var rawBytes = json.Any(c => c is >= '\uDC80' and <= '\uDCFF');
        var plain = new List<(int, IGen<(byte[], string, string)>)>
        {
            (12, Gen.Const((utf8, "application/json", "utf-8"))),
            (1, Gen.Const((Bom.Concat(utf8).ToArray(), "application/json", "utf-8 with BOM"))),
            (1, Gen.OneOf("utf-16", "utf-32", "utf-7", "klingon", "\"\"", "", "utf-8; charset=utf-16", "\"utf-8", "x-user-defined", "ibm037")
                .Select(cs => (utf8, $"application/json; charset={cs}", $"utf-8 declared as charset={cs}"))),
            (2, Gen.Int[-64, 64].Select(delta => (Padded(utf8, (int)Pipeline.RequestBodyLimit.MaxBytes + delta), "application/json",
                $"padded to 64 KiB {delta:+0;-0;+0} bytes"))),
        };
        if (!rawBytes)
        {
            plain.Add((1, Gen.OneOf("utf-16", "utf-16le", "UTF-16").Select(cs => (Encoding.Unicode.GetBytes(json), $"application/json; charset={cs}", "utf-16, declared"))));
            plain.Add((1, Gen.Const((Encoding.Unicode.GetBytes(json), "application/json", "utf-16, undeclared"))));
            plain.Add((1, Gen.Const((Encoding.UTF32.GetBytes(json), "application/json; charset=utf-32", "utf-32, declared"))));
            plain.Add((1, Gen.OneOf("latin1", "us-ascii", "iso-8859-1").Select(cs => (utf8, $"application/json; charset={cs}", $"utf-8 declared as charset={cs}"))));
        }

        return Gen.Frequency([.. plain]);
    }

    /// <summary>A body of exactly <paramref name="length"/> bytes: whitespace before the closing brace (or at the end).</summary>
    public static byte[] Padded(byte[] body, int length)
    {
        if (body.Length >= length)
        {
            return body;
        }

        var padding = Enumerable.Repeat((byte)' ', length - body.Length).ToArray();
        return body is [.., (byte)'}']
            ? [.. body[..^1], .. padding, (byte)'}']
            : [.. body, .. padding];
    }

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>The member (or members: duplicates) a field contributes.</summary>
    private static Gen<Member[]> Members(BodyField field, Poison? poison)
    {
        var poisoned = poison is { } p && p.Field == field.Name;
        if (poisoned && poison!.Value.Json is null)
        {
            return Gen.Const(Array.Empty<Member>());
        }

        var value = poisoned
            ? Gen.Const(poison!.Value.Json!)
            : Gen.Frequency((6, field.Valid), (3, field.Noise), (1, Gen.Const((string)null!)));
        // A duplicate may carry anything, except next to a poison, where only another poison keeps it honest.
        var duplicate = poisoned
            ? field.Poison.Select(x => x.Json)
            : Gen.OneOf(field.Valid, field.Noise, field.Poison.Select(x => x.Json));
        return from v in value
               from key in KeyOf(field.Name)
               from duplicates in Gen.Frequency((8, 0), (1, 1), (1, 2))
               from copies in Sequence(Enumerable.Repeat(Gen.Select(KeyOf(field.Name), duplicate, (k, d) => new Member(k, d)), duplicates))
               select v is null ? [] : (Member[])[new Member(key, v), .. copies];
    }

    /// <summary>The field's name as written: as is, in other cases, or with a character \u-escaped (all the same member to the reader).</summary>
    private static Gen<string> KeyOf(string name) => Gen.Frequency(
        (8, Gen.Const(HostileJson.Escaped(name))),
        (1, Gen.OneOf(name.ToUpperInvariant(), char.ToUpperInvariant(name[0]) + name[1..]).Select(HostileJson.Escaped)),
        (1, Gen.Const($"\"\\u{(int)name[0]:x4}{name[1..]}\"")));

    private static readonly Gen<Member?> Extra = Gen.Frequency(
        (3, Gen.Const((Member?)null)),
        (1, Gen.Select(Gen.OneOf(UnknownNames), HostileJson.AnyValue, (k, v) => (Member?)new Member(HostileJson.Escaped(k), v))));

    private static string Write(List<Member> members, int order, string space)
    {
        // A deterministic shuffle from the generated number, so the order of members varies too.
        var random = new Random(order);
        var shuffled = members.OrderBy(_ => random.Next()).ToList();
        return "{" + space + string.Join("," + space, shuffled.Select(m => $"{m.Key}:{space}{m.Value}")) + space + "}";
    }

    /// <summary>Runs each generator in turn (CsCheck has fixed-arity Select; bodies have a variable number of parts).</summary>
    public static Gen<List<T>> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(new List<T>()), (all, next) => all.SelectMany(list => next.Select(item => new List<T>(list) { item })));

    /// <summary>A member as written: its key is JSON text already (quoted, maybe escaped).</summary>
    private readonly record struct Member(string Key, string Value);
}
