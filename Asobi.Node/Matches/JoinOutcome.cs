namespace Asobi.Node.Matches;

public enum JoinOutcome
{
    Joined,
    Full,
    Finished,
}
