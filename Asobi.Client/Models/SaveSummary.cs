using System;

namespace Asobi.Client;

/// <summary>A save slot without its data.</summary>
public sealed record SaveSummary(string Slot, long Version, int SizeBytes, DateTimeOffset UpdatedAt);
