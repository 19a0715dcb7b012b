import Foundation
import PackagePlugin

/// Embeds the package's `Templates/` folder into the target it is applied to (`SiteGen`), as
/// the generated type `BuiltInTemplateFiles`, so `sitegen` works from any folder with no files
/// beside it. Every template file is an input, so editing one rebuilds the target.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "Templates")
        let output = context.pluginWorkDirectoryURL.appending(path: "BuiltInTemplateFiles.swift")
        var inputs: [URL] = [folder]
        if let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) {
            for case let url as URL in walker { inputs.append(url) }
        }
        return [
            .buildCommand(
                displayName: "Embedding Templates/ into \(target.name)",
                executable: try context.tool(named: "TemplateEmbedder").url,
                arguments: [folder.path, output.path, "BuiltInTemplateFiles"],
                inputFiles: inputs.sorted { $0.path < $1.path },
                outputFiles: [output])
        ]
    }
}
