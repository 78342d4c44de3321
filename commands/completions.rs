//! `baitech completions <shell>`: shell completion scripts (the committed copies live in
//! `completions/`, and a test keeps them current).

use baitech::error::{Error, exit};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    pub shell: Shell,
    /// Write the script into this directory instead of printing it.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<std::path::PathBuf>,
}

pub fn run(args: &CompletionsArgs) -> Result<i32, Error> {
    let mut cmd = crate::Cli::command();
    match &args.out_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::internal(format!("creating {}", dir.display()), e))?;
            clap_complete::generate_to(args.shell, &mut cmd, "baitech", dir)
                .map_err(|e| Error::internal("writing completions", e))?;
        }
        None => clap_complete::generate(args.shell, &mut cmd, "baitech", &mut std::io::stdout()),
    }
    Ok(exit::OK)
}
