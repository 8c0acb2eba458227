import { jestConfig } from '@salesforce/sfdx-lwc-jest/config.js';

export default {
    ...jestConfig,
    moduleNameMapper: {
        ...jestConfig.moduleNameMapper,
        '^lightning/empApi$': '<rootDir>/force-app/test/jest-mocks/lightning/empApi',
        '^lightning/navigation$': '<rootDir>/force-app/test/jest-mocks/lightning/navigation'
    },
    modulePathIgnorePatterns: ['<rootDir>/.localdevserver', '<rootDir>/node_modules'],
    testPathIgnorePatterns: [
        '<rootDir>/node_modules/',
        '<rootDir>/companion/',
        '<rootDir>/scripts/'
    ]
};
