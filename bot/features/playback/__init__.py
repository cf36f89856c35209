"""Play and Download: a retrieved copy's footage as a link, per camera, for the person who asked."""
