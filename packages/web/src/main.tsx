import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { KaoheApp } from './App.tsx';
import './styles.css';

createRoot(document.getElementById('root')!).render(<StrictMode><KaoheApp /></StrictMode>);
