import ArgumentParser

/// `sitegen`: results/ in; README leaderboard, charts and site out. Each subcommand parses its
/// arguments and makes one call into the `SiteGen` library.
@main
struct SiteGenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sitegen",
        abstract: "Generate the leaderboard (README section, box plots, static site) from result files.",
        subcommands: [Generate.self, Export.self, Templates.self, Init.self],
        defaultSubcommand: Generate.self)
}
