namespace Asobi.Node.Matches;

/// <summary>A player's place in a match: reserved until they arrive, held for a grace period while they are away.</summary>
internal sealed class Seat(DateTimeOffset? deadline)
{
    /// <summary>Reserved by the matchmaker when the match was placed (the player may be migrating from another node).</summary>
    public bool Reserved { get; } = deadline is not null;

    /// <summary>The game has been told about this player (first join done).</summary>
    public bool Arrived { get; set; }

    /// <summary>The player has a socket in the match on this node.</summary>
    public bool Connected { get; set; }

    /// <summary>When an absent player's seat is given up; null while connected.</summary>
    public DateTimeOffset? Deadline { get; set; } = deadline;
}
