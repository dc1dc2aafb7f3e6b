# The berth image: every role (server, agent, migrate), as on a bare machine: berth.dll, and the
# agent role's native executable beside it (docs/agent.md, "The native agent").
#   docker build -t berth:local .     (docker-compose.yml does this for you)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# NativeAOT links the agent with the C toolchain (src/AgentHost names gcc).
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev zlib1g-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Project files first, so a source edit reuses the restored packages layer.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Engine/Berth.Engine.csproj src/Engine/
COPY src/Web/Berth.Web.csproj src/Web/
COPY src/Api/Berth.Api.csproj src/Api/
COPY src/Agents/Berth.Agents.csproj src/Agents/
COPY src/Cli/Berth.Cli.csproj src/Cli/
COPY src/AgentHost/Berth.AgentHost.csproj src/AgentHost/
RUN dotnet restore src/Cli/Berth.Cli.csproj
COPY src/ src/
COPY migrations/ migrations/
RUN dotnet publish src/Cli/Berth.Cli.csproj -c Release -o /out --no-restore --nologo
RUN dotnet publish src/AgentHost/Berth.AgentHost.csproj -c Release --use-current-runtime -o /agent --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
COPY --from=build /out /opt/berth
COPY --from=build /agent/berth /opt/berth/agent/berth
# The entrypoint gives each role its runtime settings (the agent's memory), as ./berth does.
COPY scripts/berth-dotnet.sh /opt/berth/berth-dotnet.sh
# The embedded SQLite datastore lives here when no --datastore is given; a volume keeps it.
RUN mkdir -p /var/lib/berth && chown "$APP_UID" /var/lib/berth
USER $APP_UID
WORKDIR /var/lib/berth
EXPOSE 8080
ENTRYPOINT ["/opt/berth/berth-dotnet.sh", "/opt/berth/berth.dll"]
# Inside a container the server must listen beyond loopback for a published port to reach it.
CMD ["server", "--listen", "0.0.0.0:8080", "--data-dir", "/var/lib/berth"]
