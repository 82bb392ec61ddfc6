namespace Asobi.Node.Social.Presence;

/// <summary>What a presence write found: whether it changed the player's cluster-wide online state.</summary>
/// <param name="Changed">This write turned the player online (connect) or offline (disconnect, reap).</param>
/// <param name="Status">The player's status text.</param>
/// <param name="LastSeen">When the player was last seen online.</param>
public sealed record PresenceState(bool Changed, string Status, DateTimeOffset LastSeen);
