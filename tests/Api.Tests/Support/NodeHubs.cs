using System.Net;
using Berth.Agents.Hub;
using Berth.Engine.Nodes;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Api.Tests.Support;

/// <summary>Bare AgentHub connections with a node credential, to call the hub as an agent (or a misbehaving one) would.</summary>
internal static class NodeHubs
{
    public static HubConnection Build(Uri server, string credential)
    {
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<EndPoint>(new UriEndPoint(new Uri(server, AgentHubRoute.Path)));
        builder.Services.AddSingleton<IConnectionFactory>(new WebSocketConnectionFactory(socket => socket.SetRequestHeader("Authorization", "Bearer " + credential)));
        return builder.Build();
    }
}
