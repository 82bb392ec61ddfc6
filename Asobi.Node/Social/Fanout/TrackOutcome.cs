namespace Asobi.Node.Social.Fanout;

public enum TrackOutcome
{
    Added,
    AlreadyTracked,
    LimitReached,
}
