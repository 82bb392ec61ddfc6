namespace Asobi.Bus;

/// <summary>One NOTIFY payload ready to send.</summary>
internal readonly record struct PackedPayload(string Text, int Utf8Bytes, int EventCount);
