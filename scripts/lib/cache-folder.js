'use strict';
// Cache folders are filled in a staging folder and then renamed into place, so that an interrupted
// fill never leaves a folder that looks finished (a finished one holds a `.complete` file). Two
// builds may fill the same folder at once (two targets need the same Zig): the first to finish
// wins and the other's copy is dropped; a finished folder is never removed from under its users.
const fs = require('fs');
const path = require('path');

function publish(staging, dir) {
  const complete = () => fs.existsSync(path.join(dir, '.complete'));
  if (!complete()) {
    fs.rmSync(dir, { recursive: true, force: true }); // an interrupted fill's leftovers
    try {
      fs.renameSync(staging, dir);
      return;
    } catch (error) {
      if (!complete()) throw error;
    }
  }
  fs.rmSync(staging, { recursive: true, force: true });
}

module.exports = { publish };
