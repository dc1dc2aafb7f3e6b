using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Berth.Agents.Pods;
using Berth.Engine.Nodes;

namespace Berth.Agents;

/// <summary>
/// The JSON the agent exchanges with its server, generated at build time so that the native agent
/// (src/AgentHost, no reflection over types at run time) reads and writes it: the AgentHub's
/// payloads as SignalR sends them (each argument by its run-time type, hence the lists), the join,
/// and pods read from the objects the API stores.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NodeRegistration))]
[JsonSerializable(typeof(DesiredState))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(PodLogRequest))]
[JsonSerializable(typeof(List<PodStatusReport>))]
[JsonSerializable(typeof(List<PodEventReport>))]
[JsonSerializable(typeof(PodRef))]
[JsonSerializable(typeof(LogChunk))]
[JsonSerializable(typeof(MetricsReport))]
[JsonSerializable(typeof(JoinRequest))]
[JsonSerializable(typeof(JoinResponse))]
[JsonSerializable(typeof(PodManifest))]
public sealed partial class AgentJson : JsonSerializerContext;
