namespace Asobi.Client;

/// <summary>The version a save write produced; pass it to the next write.</summary>
public sealed record SaveWritten(string Slot, long Version);
