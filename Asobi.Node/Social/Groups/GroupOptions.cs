namespace Asobi.Node.Social.Groups;

/// <summary>Group limits (<c>Asobi:Groups</c>).</summary>
public sealed class GroupOptions
{
    public const string Section = "Asobi:Groups";

    public int DefaultMaxMembers { get; set; } = 100;

    /// <summary>The largest max_members a group may ask for.</summary>
    public int MaxMembersLimit { get; set; } = 1000;

    public int MaxNameLength { get; set; } = 64;

    public int MaxDescriptionLength { get; set; } = 1024;
}
