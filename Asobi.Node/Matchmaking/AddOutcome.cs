namespace Asobi.Node.Matchmaking;

public enum AddOutcome
{
    Queued,
    AlreadyQueued,
    QueueFull,
}
