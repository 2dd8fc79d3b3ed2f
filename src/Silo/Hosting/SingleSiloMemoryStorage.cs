using System.Collections.Concurrent;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Shop.Silo.Hosting;

/// <summary>
/// The embedded mode's grain storage: each state's bytes in a dictionary of the silo process, with
/// the same ETag rules as Orleans' memory storage (a write or clear must name the stored version; a
/// first write, or one after a clear, names none), so a stale activation's write fails with an
/// <see cref="InconsistentStateException"/> here exactly as it does in PostgreSQL.
/// <para>
/// Why not Orleans' own memory storage: it keeps the states in storage grains so that any silo of a
/// cluster can read them, which costs a grain call and a copy of the bytes per read and write, and
/// queues every write of the silo behind ten single-threaded grains (about three writes per order).
/// The embedded silo is the only silo of its cluster (localhost clustering with itself as primary,
/// see <see cref="SiloComposition"/>), so the dictionary sees every state there is. The test clusters,
/// which run several silos, keep Orleans' storage.
/// </para>
/// </summary>
public sealed class SingleSiloMemoryStorage(IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    /// <summary>A stored version; <see cref="Data"/> is null once cleared, so a later first write is told apart from a lost one.</summary>
    private sealed class Entry(BinaryData? data, string eTag)
    {
        public BinaryData? Data { get; } = data;
        public string ETag { get; } = eTag;
    }

    private readonly ConcurrentDictionary<(string State, GrainId Grain), Entry> _entries = new();
    private long _lastVersion;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_entries.TryGetValue((stateName, grainId), out var entry) && entry.Data is { } data)
        {
            grainState.State = serializer.Deserialize<T>(data);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = entry?.ETag;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = Replace((stateName, grainId), grainState.ETag, serializer.Serialize(grainState.State));
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = Replace((stateName, grainId), grainState.ETag, data: null);
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
        return Task.CompletedTask;
    }

    /// <summary>Stores <paramref name="data"/> if the stored version is the one named; returns the new version.</summary>
    private string Replace((string, GrainId) key, string? expected, BinaryData? data)
    {
        var replacement = new Entry(data, Interlocked.Increment(ref _lastVersion).ToString(System.Globalization.CultureInfo.InvariantCulture));
        while (true)
        {
            if (!_entries.TryGetValue(key, out var current))
            {
                // Never stored: only a write that names no version may create it.
                Expect(expected, null, key);
                if (_entries.TryAdd(key, replacement))
                {
                    return replacement.ETag;
                }
            }
            else
            {
                // A cleared state takes a write naming no version, like one never stored, or its last version.
                Expect(expected, current.Data is null && expected is null ? null : current.ETag, key);
                if (_entries.TryUpdate(key, replacement, current))
                {
                    return replacement.ETag;
                }
            }
        }
    }

    private static void Expect(string? named, string? stored, (string State, GrainId Grain) key)
    {
        if (!string.Equals(named, stored, StringComparison.Ordinal))
        {
            throw new InconsistentStateException(
                $"The {key.State} state of {key.Grain} is at version {stored ?? "(none)"}, not {named ?? "(none)"}: another activation wrote it.",
                stored ?? "", named ?? "");
        }
    }
}
