using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Asobi.Client.Http;

namespace Asobi.Client;

/// <summary>Groups, membership and roles (<c>groups</c>).</summary>
public sealed class GroupsApi
{
    private readonly RestTransport rest;

    internal GroupsApi(RestTransport rest) => this.rest = rest;

    public Task<Group> CreateAsync(string name, string? description = null, bool? open = null, int? maxMembers = null, CancellationToken ct = default) =>
        rest.SendAsync<Group>(HttpMethod.Post, "groups", new { name, description, open, max_members = maxMembers }, ct);

    public Task<Group> GetAsync(Guid groupId, CancellationToken ct = default) =>
        rest.SendAsync<Group>(HttpMethod.Get, "groups/" + Query.Segment(groupId), null, ct);

    /// <summary>Edits a group (admin or owner); fields left null are unchanged.</summary>
    public Task<Group> UpdateAsync(Guid groupId, string? name = null, string? description = null, bool? open = null, int? maxMembers = null, CancellationToken ct = default) =>
        rest.SendAsync<Group>(HttpMethod.Put, "groups/" + Query.Segment(groupId), new { name, description, open, max_members = maxMembers }, ct);

    public Task<Group> JoinAsync(Guid groupId, CancellationToken ct = default) =>
        rest.SendAsync<Group>(HttpMethod.Post, "groups/" + Query.Segment(groupId) + "/join", new { }, ct);

    public Task LeaveAsync(Guid groupId, CancellationToken ct = default) =>
        rest.SendAsync(HttpMethod.Post, "groups/" + Query.Segment(groupId) + "/leave", new { }, ct);

    public Task InviteAsync(Guid groupId, Guid playerId, CancellationToken ct = default) =>
        rest.SendAsync(HttpMethod.Post, "groups/" + Query.Segment(groupId) + "/invite", new { player_id = playerId }, ct);

    public Task<GroupMemberList> MembersAsync(Guid groupId, int? limit = null, CancellationToken ct = default) =>
        rest.SendAsync<GroupMemberList>(HttpMethod.Get, Query.Path("groups/" + Query.Segment(groupId) + "/members", ("limit", limit)), null, ct);

    /// <summary>Sets a member's role (<c>admin</c>, <c>moderator</c>, <c>member</c>).</summary>
    public Task SetRoleAsync(Guid groupId, Guid playerId, string role, CancellationToken ct = default) =>
        rest.SendAsync(HttpMethod.Put, "groups/" + Query.Segment(groupId) + "/members/" + Query.Segment(playerId) + "/role", new { role }, ct);

    /// <summary>Removes a member (or withdraws an invitation).</summary>
    public Task KickAsync(Guid groupId, Guid playerId, CancellationToken ct = default) =>
        rest.SendAsync(HttpMethod.Delete, "groups/" + Query.Segment(groupId) + "/members/" + Query.Segment(playerId), null, ct);
}
