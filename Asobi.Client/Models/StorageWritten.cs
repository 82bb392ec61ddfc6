namespace Asobi.Client;

/// <summary>The version an object write produced.</summary>
public sealed record StorageWritten(string Collection, string Key, long Version);
