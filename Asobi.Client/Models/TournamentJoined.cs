namespace Asobi.Client;

/// <summary>The answer of a tournament join.</summary>
public sealed record TournamentJoined(string TournamentId, bool Joined);
