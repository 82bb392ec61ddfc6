namespace Asobi.Node.Social.Presence;

/// <summary>What a presence write found: whether it changed the player's cluster-wide online state.</summary>
/// <param name="Changed">This write turned the player online (connect) or offline (disconnect, reap).</param>
/// <param name="Status">The player's status text.</param>
/// <param name="LastSeen">When the player was last seen online.</param>
/// <param name="Version">Raised by every presence write of the player; orders announcements from different nodes.</param>
public sealed record PresenceState(bool Changed, string Status, DateTimeOffset LastSeen, long Version);
