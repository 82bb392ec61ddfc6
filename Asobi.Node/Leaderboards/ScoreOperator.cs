namespace Asobi.Node.Leaderboards;

/// <summary>How a submitted score combines with the stored one.</summary>
public enum ScoreOperator
{
    /// <summary>Keep the better of the two (higher on a descending board, lower on an ascending one).</summary>
    Best,

    /// <summary>Replace with the submitted score.</summary>
    Latest,

    /// <summary>Add the submitted score (a first submit stores it as is).</summary>
    Incr,

    /// <summary>Subtract the submitted score (a first submit stores its negation).</summary>
    Decr,
}
