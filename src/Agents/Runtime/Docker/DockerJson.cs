using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Agents.Runtime.Docker;

/// <summary>
/// The Engine API's bodies and answers (DockerModels.cs), serialized by code generated at
/// build time, as the native agent needs: named as the API names them, nulls left out of requests.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DockerVersion))]
[JsonSerializable(typeof(ContainerSpec))]
[JsonSerializable(typeof(CreatedContainer))]
[JsonSerializable(typeof(IReadOnlyList<ContainerSummary>))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(ContainerExit))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(ContainerStats))]
[JsonSerializable(typeof(ExecSpec))]
[JsonSerializable(typeof(ExecStart))]
[JsonSerializable(typeof(ExecCreated))]
[JsonSerializable(typeof(ExecInspect))]
[JsonSerializable(typeof(Dictionary<string, IEnumerable<string>>))]
internal sealed partial class DockerJson : JsonSerializerContext;
