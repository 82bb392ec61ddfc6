namespace Asobi.Client;

/// <summary>A mode players can queue for.</summary>
public sealed record GameMode(string Mode, int MatchSize, int Teams, int TickRate, string Strategy);
